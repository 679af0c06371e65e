/*
 * options.c - parse pprof-style and GNU-style flags (see options.h).
 *
 * One table describes every flag: its name, whether it takes a value, and
 * what it sets.  The help text below lists the same flags.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "xmalloc.h"

enum flag_kind {
	F_BOOL,		/* -x */
	F_STRING,	/* -x=V or -x V */
	F_INT,
	F_FLOAT,
};

enum flag_id {
	O_BASE, O_DIFF_BASE, O_NORMALIZE, O_DB, O_LABEL, O_FORMAT,
	O_SAMPLE_INDEX, O_INUSE_SPACE, O_INUSE_OBJECTS, O_ALLOC_SPACE,
	O_ALLOC_OBJECTS, O_NODECOUNT, O_NODEFRACTION, O_EDGEFRACTION, O_UNIT,
	O_CUM, O_FLAT, O_DROP_NEGATIVE, O_NOINLINES,
	O_FUNCTIONS, O_FILEFUNCTIONS, O_FILES, O_LINES, O_ADDRESSES,
	O_TOP, O_TEXT, O_HELP, O_VERSION,
	O_OUTPUT, O_DOT, O_SVG,
	O_STACKS, O_ASCII, O_FAIL_ON,
	O_FOCUS, O_IGNORE, O_HIDE, O_SHOW, O_SHOW_FROM, O_PRUNE_FROM,
	O_TAGFOCUS, O_TAGIGNORE, O_TAGSHOW, O_TAGHIDE, O_RELATIVE,
	O_SOURCE_PATH, O_TRIM_PATH, O_LIST, O_PEEK, O_TRACES, O_TAGS, O_TREE,
	O_JSON, O_CSV, O_MEAN,
};

struct flag {
	const char *name;
	enum flag_kind kind;
	enum flag_id id;
};

static const struct flag flags[] = {
	{ "base", F_STRING, O_BASE },
	{ "diff_base", F_STRING, O_DIFF_BASE },
	{ "normalize", F_BOOL, O_NORMALIZE },
	{ "db", F_STRING, O_DB },
	{ "label", F_STRING, O_LABEL },
	{ "F", F_STRING, O_FORMAT },
	{ "format", F_STRING, O_FORMAT },
	{ "sample_index", F_STRING, O_SAMPLE_INDEX },
	{ "inuse_space", F_BOOL, O_INUSE_SPACE },
	{ "inuse_objects", F_BOOL, O_INUSE_OBJECTS },
	{ "alloc_space", F_BOOL, O_ALLOC_SPACE },
	{ "alloc_objects", F_BOOL, O_ALLOC_OBJECTS },
	{ "nodecount", F_INT, O_NODECOUNT },
	{ "nodefraction", F_FLOAT, O_NODEFRACTION },
	{ "edgefraction", F_FLOAT, O_EDGEFRACTION },
	{ "unit", F_STRING, O_UNIT },
	{ "cum", F_BOOL, O_CUM },
	{ "flat", F_BOOL, O_FLAT },
	{ "drop_negative", F_BOOL, O_DROP_NEGATIVE },
	{ "noinlines", F_BOOL, O_NOINLINES },
	{ "functions", F_BOOL, O_FUNCTIONS },
	{ "filefunctions", F_BOOL, O_FILEFUNCTIONS },
	{ "files", F_BOOL, O_FILES },
	{ "lines", F_BOOL, O_LINES },
	{ "addresses", F_BOOL, O_ADDRESSES },
	{ "top", F_BOOL, O_TOP },
	{ "text", F_BOOL, O_TEXT },
	{ "h", F_BOOL, O_HELP },
	{ "help", F_BOOL, O_HELP },
	{ "version", F_BOOL, O_VERSION },
	{ "output", F_STRING, O_OUTPUT },
	{ "o", F_STRING, O_OUTPUT },
	{ "dot", F_BOOL, O_DOT },
	{ "svg", F_BOOL, O_SVG },
	{ "stacks", F_BOOL, O_STACKS },
	{ "ascii", F_BOOL, O_ASCII },
	{ "fail-on", F_STRING, O_FAIL_ON },
	{ "fail_on", F_STRING, O_FAIL_ON },
	{ "focus", F_STRING, O_FOCUS },
	{ "ignore", F_STRING, O_IGNORE },
	{ "hide", F_STRING, O_HIDE },
	{ "show", F_STRING, O_SHOW },
	{ "show_from", F_STRING, O_SHOW_FROM },
	{ "prune_from", F_STRING, O_PRUNE_FROM },
	{ "tagfocus", F_STRING, O_TAGFOCUS },
	{ "tagignore", F_STRING, O_TAGIGNORE },
	{ "tagshow", F_STRING, O_TAGSHOW },
	{ "taghide", F_STRING, O_TAGHIDE },
	{ "relative_percentages", F_BOOL, O_RELATIVE },
	{ "source_path", F_STRING, O_SOURCE_PATH },
	{ "trim_path", F_STRING, O_TRIM_PATH },
	{ "list", F_STRING, O_LIST },
	{ "peek", F_STRING, O_PEEK },
	{ "traces", F_BOOL, O_TRACES },
	{ "tags", F_BOOL, O_TAGS },
	{ "tree", F_BOOL, O_TREE },
	{ "json", F_BOOL, O_JSON },
	{ "csv", F_BOOL, O_CSV },
	{ "mean", F_BOOL, O_MEAN },
};

const char options_help[] =
"Profiles:\n"
"  -base FILE           subtract FILE (scaled by -1) before reporting\n"
"  -diff_base FILE      compare with FILE; percentages of FILE's total\n"
"  -normalize           scale the profile to the base's total first\n"
"  --db FILE            the snapshot store (also $HEAPDIFF_DB); profiles\n"
"                       are imported into it, @ID names a stored snapshot\n"
"  --label K=V          attach a label to imported snapshots\n"
"  -F NAME              read profiles as format NAME instead of detecting\n"
"Reports:\n"
"  -sample_index=NAME   sample type by name or index (default: the\n"
"                       profile's default_sample_type, else the last)\n"
"  -inuse_space, -inuse_objects, -alloc_space, -alloc_objects\n"
"                       same as -sample_index=NAME\n"
"  -nodecount=N         show at most N nodes (top: all)\n"
"  -nodefraction=F      hide nodes below F of the total (0.005)\n"
"  -edgefraction=F      hide edges below F of the total (0.001)\n"
"  -unit=U              print values in unit U (B, kB, MB, ms, ...;\n"
"                       default: the smallest that fits)\n"
"  -cum, -flat          sort by cumulative or flat value (default flat)\n"
"  -drop_negative       leave out nodes with negative values\n"
"  -functions, -filefunctions, -files, -lines, -addresses\n"
"                       granularity of nodes (default -functions)\n"
"  -noinlines           attribute inlined calls to their caller\n"
"Series (trend, leaks):\n"
"  -stacks              trend: sites are whole stacks\n"
"  -json, -csv          trend, leaks: JSON (or trend: CSV) output\n"
"  --ascii              sparklines in ASCII (also when the locale is\n"
"                       not UTF-8)\n"
"  --fail-on=LIMIT      leaks: exit 4 when a suspect grows by SIZE\n"
"                       (e.g. 1MB) or at RATE (e.g. 100kB/min)\n"
"Other:\n"
"  -top                 same as the top command\n"
"  -dot, -svg           same as the dot and svg commands\n"
"  -output=FILE, -o FILE  write dot, svg, flame or folded output to FILE;\n"
"                       with no command, FILE.svg draws the call graph\n"
"                       (svg) and FILE.dot writes it (dot)\n"
"Filters (regular expressions in Go's RE2 syntax):\n"
"  -focus=RE            keep samples with a frame matching RE\n"
"  -ignore=RE           drop samples with a frame matching RE\n"
"  -hide=RE, -show=RE   drop / keep only the frames matching RE\n"
"  -show_from=RE        drop the frames above the highest match\n"
"  -prune_from=RE       drop the frames beneath the lowest match\n"
"  -tagfocus=F, -tagignore=F\n"
"                       keep / drop samples by label: RE (on key:value),\n"
"                       KEY=RE, or a range such as 64kb, 64kb:, :1mb,\n"
"                       1kb:10kb, KEY=RANGE\n"
"  -tagshow=RE, -taghide=RE\n"
"                       keep / drop label keys in tags and traces\n"
"  -relative_percentages  percentages of the filtered total\n"
"  -mean                values divided by the first sample type's\n"
"                       (per object for heap profiles), as pprof -mean\n"
"Source (list):\n"
"  -source_path=DIRS    colon-separated roots to find sources under\n"
"                       (Go -trimpath paths: src:/usr/lib/go/src)\n"
"  -trim_path=PATHS     colon-separated prefixes to trim from file names\n"
"Output:\n"
"  -json                JSON (top, peek, traces, tags); see man heapdiff\n"
"  -csv                 CSV (top)\n"
"Other:\n"
"  -top                 same as the top command\n"
"  -list=RE, -peek=RE, -traces, -tags, -tree\n"
"                       same as the list, peek, traces, tags, tree commands\n"
"  -h, --help           this help; heapdiff help COMMAND for a command\n"
"  --version            print the version\n";

void
options_init(struct options *o)
{
	memset(o, 0, sizeof *o);
	graph_options_init(&o->graph);
	o->db = getenv("HEAPDIFF_DB");
	if (o->db != NULL && *o->db == '\0')
		o->db = NULL;
}

void
options_done(struct options *o)
{
	free(o->bases);
	free(o->labels);
}

static int
set_sample_index(struct options *o, const char *v, char **cause)
{
	if (o->sample_index != NULL && strcmp(o->sample_index, v) != 0) {
		*cause = xasprintf("conflicting sample types: %s and %s",
		    o->sample_index, v);
		return -1;
	}
	o->sample_index = v;
	return 0;
}

static int
apply_flag(struct options *o, const struct flag *f, const char *v,
    char **cause)
{
	char *end;

	switch (f->id) {
	case O_BASE:
	case O_DIFF_BASE:
		if (o->nbases > 0 && o->diff_base != (f->id == O_DIFF_BASE)) {
			*cause = xstrdup("-base and -diff_base cannot both be "
			    "given");
			return -1;
		}
		o->diff_base = f->id == O_DIFF_BASE;
		o->bases = xreallocarray(o->bases, o->nbases + 1,
		    sizeof *o->bases);
		o->bases[o->nbases++] = (char *)v;
		return 0;
	case O_NORMALIZE: o->normalize = true; return 0;
	case O_DB: o->db = v; return 0;
	case O_LABEL:
		if (strchr(v, '=') == NULL || *v == '=') {
			*cause = xasprintf("--label wants KEY=VALUE, not '%s'", v);
			return -1;
		}
		o->labels = xreallocarray(o->labels, o->nlabels + 1,
		    sizeof *o->labels);
		o->labels[o->nlabels++] = (char *)v;
		return 0;
	case O_FORMAT: o->format = v; return 0;
	case O_SAMPLE_INDEX: return set_sample_index(o, v, cause);
	case O_INUSE_SPACE: return set_sample_index(o, "inuse_space", cause);
	case O_INUSE_OBJECTS: return set_sample_index(o, "inuse_objects", cause);
	case O_ALLOC_SPACE: return set_sample_index(o, "alloc_space", cause);
	case O_ALLOC_OBJECTS: return set_sample_index(o, "alloc_objects", cause);
	case O_NODECOUNT: {
		long n;

		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || n < 0 ||
		    n > 1000000000) {
			*cause = xasprintf("-nodecount wants a count, not '%s'",
			    v);
			return -1;
		}
		o->graph.nodecount = (int)n;
		o->nodecount_set = true;
		return 0;
	}
	case O_NODEFRACTION:
	case O_EDGEFRACTION: {
		double d = strtod(v, &end);

		if (*v == '\0' || *end != '\0' || d < 0 || d > 1) {
			*cause = xasprintf("-%s wants a fraction from 0 to 1, "
			    "not '%s'", f->name, v);
			return -1;
		}
		if (f->id == O_NODEFRACTION)
			o->graph.nodefraction = d;
		else
			o->graph.edgefraction = d;
		return 0;
	}
	case O_UNIT: o->graph.output_unit = v; return 0;
	case O_CUM: o->graph.cum_sort = true; return 0;
	case O_FLAT: o->graph.cum_sort = false; return 0;
	case O_DROP_NEGATIVE: o->graph.drop_negative = true; return 0;
	case O_NOINLINES: o->graph.noinlines = true; return 0;
	case O_FUNCTIONS: o->graph.granularity = GRAN_FUNCTIONS; return 0;
	case O_FILEFUNCTIONS: o->graph.granularity = GRAN_FILEFUNCTIONS; return 0;
	case O_FILES: o->graph.granularity = GRAN_FILES; return 0;
	case O_LINES: o->graph.granularity = GRAN_LINES; return 0;
	case O_ADDRESSES: o->graph.granularity = GRAN_ADDRESSES; return 0;
	case O_TOP:
	case O_TEXT:
		if (o->command != NULL && strcmp(o->command, "top") != 0) {
			*cause = xasprintf("-%s and -%s cannot both be given",
			    f->name, o->command);
			return -1;
		}
		o->command = "top";
		return 0;
	case O_FOCUS: o->filter.focus = v; return 0;
	case O_IGNORE: o->filter.ignore = v; return 0;
	case O_HIDE: o->filter.hide = v; return 0;
	case O_SHOW: o->filter.show = v; return 0;
	case O_SHOW_FROM: o->filter.show_from = v; return 0;
	case O_PRUNE_FROM: o->filter.prune_from = v; return 0;
	case O_TAGFOCUS: o->filter.tagfocus = v; return 0;
	case O_TAGIGNORE: o->filter.tagignore = v; return 0;
	case O_TAGSHOW: o->filter.tagshow = v; return 0;
	case O_TAGHIDE: o->filter.taghide = v; return 0;
	case O_RELATIVE: o->relative_percentages = true; return 0;
	case O_SOURCE_PATH: o->source_path = v; return 0;
	case O_TRIM_PATH: o->trim_path = v; return 0;
	case O_MEAN: o->graph.mean = true; return 0;
	case O_LIST:
	case O_PEEK:
	case O_TRACES:
	case O_TAGS:
	case O_TREE:
		if (o->command != NULL && strcmp(o->command, f->name) != 0) {
			*cause = xasprintf("-%s and -%s cannot both be given",
			    f->name, o->command);
			return -1;
		}
		o->command = f->name;
		if (v != NULL)
			o->symbol = v;
		return 0;
	case O_HELP: o->help = true; return 0;
	case O_VERSION: o->version = true; return 0;
	case O_OUTPUT: o->output = v; return 0;
	case O_DOT:
	case O_SVG:
		if (o->command != NULL && strcmp(o->command, f->name) != 0) {
			*cause = xasprintf("-%s and -%s cannot both be given",
			    f->name, o->command);
			return -1;
		}
		o->command = f->name;
		return 0;
	case O_STACKS: o->stacks = true; return 0;
	case O_JSON: o->json = true; return 0;
	case O_CSV: o->csv = true; return 0;
	case O_ASCII: o->ascii = true; return 0;
	case O_FAIL_ON: o->fail_on = v; return 0;
	}
	return 0;
}

int
options_parse(struct options *o, int argc, char **argv, char ***args,
    size_t *nargs, char **cause)
{
	bool more_flags = true;
	int i;

	*args = xcalloc((size_t)argc + 1, sizeof **args);
	*nargs = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *name, *eq, *v = NULL;
		const struct flag *f = NULL;
		size_t k, len;

		if (!more_flags || a[0] != '-' || a[1] == '\0') {
			(*args)[(*nargs)++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			more_flags = false;
			continue;
		}
		name = a + (a[1] == '-' ? 2 : 1);
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		for (k = 0; k < sizeof flags / sizeof flags[0]; k++)
			if (strlen(flags[k].name) == len &&
			    strncmp(flags[k].name, name, len) == 0) {
				f = &flags[k];
				break;
			}
		if (f == NULL) {
			*cause = xasprintf("unknown flag %.*s (heapdiff --help "
			    "lists them)", (int)(len + (size_t)(name - a)), a);
			return -1;
		}
		if (f->kind == F_BOOL) {
			if (eq != NULL) {
				if (strcmp(eq + 1, "true") == 0)
					;
				else if (strcmp(eq + 1, "false") == 0)
					continue;
				else {
					*cause = xasprintf("flag -%s takes no "
					    "value", f->name);
					return -1;
				}
			}
		} else if (eq != NULL)
			v = eq + 1;
		else if (i + 1 < argc)
			v = argv[++i];
		else {
			*cause = xasprintf("flag -%s needs a value", f->name);
			return -1;
		}
		if (apply_flag(o, f, v, cause) != 0)
			return -1;
	}
	return 0;
}
