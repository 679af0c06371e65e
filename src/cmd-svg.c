/*
 * cmd-svg.c - `heapdiff svg PROFILE...`: the call graph of `heapdiff dot`
 * drawn as SVG by Graphviz's dot program (run as a child process, the DOT
 * text written to its standard input).  Without dot installed it says
 * which Debian package provides it.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "xmalloc.h"

/* Whether an executable called name is on $PATH. */
static int
cmd_svg_find_dot(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;

	if (path == NULL)
		path = "/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		char *file;
		int ok;

		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		file = xasprintf("%.*s/%s", (int)(end - p),
		    end == p ? "." : p, name);
		if (end == p) {
			free(file);
			file = xasprintf("./%s", name);
		}
		ok = access(file, X_OK) == 0;
		free(file);
		if (ok)
			return 1;
		if (*end == '\0')
			return 0;
	}
}

static int
cmd_svg_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	int in[2], rc, status;
	FILE *out, *to_dot, *m;
	char *text = NULL;
	size_t len = 0;
	pid_t pid;

	(void)name;
	if (nargs == 0) {
		cmd_usage(&cmd_svg_entry, stderr);
		return EXIT_USAGE;
	}
	if (!cmd_svg_find_dot("dot")) {
		cmd_error("svg needs Graphviz's dot program, which is not "
		    "installed (Debian package graphviz: apt-get install "
		    "graphviz)");
		return EXIT_USAGE;
	}
	m = open_memstream(&text, &len);
	rc = cmd_dot_write(o, args, nargs, m);
	fclose(m);
	if (rc != EXIT_OK || (rc = cmd_output_open(o, &out)) != EXIT_OK) {
		free(text);
		return rc;
	}
	fflush(out);
	if (pipe(in) != 0 || (pid = fork()) < 0) {
		cmd_error("cannot run dot: %s", strerror(errno));
		free(text);
		cmd_output_close(o, out);
		return EXIT_USAGE;
	}
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(fileno(out), STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		execlp("dot", "dot", "-Tsvg", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	signal(SIGPIPE, SIG_IGN);
	to_dot = fdopen(in[1], "w");
	fwrite(text, 1, len, to_dot);
	fclose(to_dot);
	free(text);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == EXIT_OK && (!WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			cmd_error("svg: could not run Graphviz's dot (Debian "
			    "package graphviz)");
		else
			cmd_error("svg: Graphviz's dot failed (status %d)",
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		rc = EXIT_USAGE;
	}
	if (cmd_output_close(o, out) != EXIT_OK && rc == EXIT_OK)
		rc = EXIT_USAGE;
	return rc;
}

const struct cmd_entry cmd_svg_entry = {
	"svg",
	"[FLAGS] PROFILE...",
	"call graph drawn as SVG by Graphviz's dot",
	"Draws the call graph of `heapdiff dot` (same flags, same trimming)\n"
	"as SVG by running Graphviz's dot program (Debian package graphviz),\n"
	"as go tool pprof -svg does.  Writes to standard output, or to FILE\n"
	"with -output=FILE.  Exits 1 with a message naming the package when\n"
	"dot is not installed.\n"
	"\n"
	"Example: heapdiff svg -base heap-00.pb.gz heap-07.pb.gz -o growth.svg",
	cmd_svg_exec,
};
