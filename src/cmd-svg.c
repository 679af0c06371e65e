/*
 * cmd-svg.c - `heapdiff svg PROFILE...`: the call graph of `heapdiff dot`
 * drawn as SVG by Graphviz's dot program (run as a child process), made to
 * fill the window with pan and zoom (out-svg.c).  Without dot installed it
 * says which Debian package provides it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "output.h"
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

/*
 * Run Graphviz's dot on the DOT text: its input a temporary file (so that
 * neither side can block on a full pipe), its SVG read back whole into
 * *svg.  Returns an exit status, with the message printed.
 */
static int
cmd_svg_run_dot(const char *text, size_t len, char **svg, size_t *svglen)
{
	FILE *in, *m;
	int out[2], status, err;
	char buf[65536];
	ssize_t n;
	pid_t pid;

	*svg = NULL;
	if ((in = tmpfile()) == NULL || fwrite(text, 1, len, in) != len ||
	    fflush(in) != 0 || fseek(in, 0, SEEK_SET) != 0) {
		err = errno;
		if (in != NULL)
			fclose(in);
		cmd_error("cannot run dot: %s", strerror(err));
		return EXIT_USAGE;
	}
	if (pipe(out) != 0 || (pid = fork()) < 0) {
		cmd_error("cannot run dot: %s", strerror(errno));
		fclose(in);
		return EXIT_USAGE;
	}
	if (pid == 0) {
		dup2(fileno(in), STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		execlp("dot", "dot", "-Tsvg", (char *)NULL);
		_exit(127);
	}
	fclose(in);
	close(out[1]);
	m = open_memstream(svg, svglen);
	while ((n = read(out[0], buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		fwrite(buf, 1, (size_t)n, m);
	}
	close(out[0]);
	fclose(m);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			cmd_error("svg: could not run Graphviz's dot (Debian "
			    "package graphviz)");
		else
			cmd_error("svg: Graphviz's dot failed (status %d)",
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		free(*svg);
		*svg = NULL;
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int
cmd_svg_exec(struct options *o, const char *name, char **args, size_t nargs)
{
	char *text = NULL, *svg, *zoom;
	size_t len = 0, svglen, zoomlen;
	FILE *m;
	int rc;

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
	if (rc == EXIT_OK)
		rc = cmd_svg_run_dot(text, len, &svg, &svglen);
	free(text);
	if (rc != EXIT_OK)
		return rc;
	/* Nothing is written unless dot succeeded. */
	if ((zoom = out_svg_pan_zoom(svg, svglen, &zoomlen)) != NULL) {
		free(svg);
		svg = zoom;
		svglen = zoomlen;
	}
	rc = cmd_output_text(o, svg, svglen);
	free(svg);
	return rc;
}

const struct cmd_entry cmd_svg_entry = {
	"svg",
	"[FLAGS] PROFILE...",
	"call graph drawn as SVG by Graphviz's dot",
	"Draws the call graph of `heapdiff dot` (same flags, same trimming)\n"
	"as SVG by running Graphviz's dot program (Debian package graphviz),\n"
	"as go tool pprof -svg does: in a browser the wheel zooms, dragging\n"
	"pans, a double click shows the whole graph.  Writes to standard\n"
	"output, or to FILE with -output=FILE.  Exits 1 with a message naming\n"
	"the package when dot is not installed.\n"
	"\n"
	"Example: heapdiff svg -base heap-00.pb.gz heap-07.pb.gz -o growth.svg",
	cmd_svg_exec,
};
