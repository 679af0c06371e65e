/*
 * units.c - pprof's measurement rules (see units.h): unit kinds and their
 * aliases, auto-scaling, and the exact number formats of pprof's reports.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "units.h"

struct unit {
	const char *name;
	const char *aliases[4];
	double factor;
};

struct unit_kind {
	const struct unit *units;
	size_t nunits;
	const struct unit *def;
};

static const struct unit size_units[] = {
	{ "B", { "b", "byte" }, 1 },
	{ "kB", { "kb", "kbyte", "kilobyte" }, 1024.0 },
	{ "MB", { "mb", "mbyte", "megabyte" }, 1048576.0 },
	{ "GB", { "gb", "gbyte", "gigabyte" }, 1073741824.0 },
	{ "TB", { "tb", "tbyte", "terabyte" }, 1099511627776.0 },
	{ "PB", { "pb", "pbyte", "petabyte" }, 1125899906842624.0 },
};
static const struct unit time_units[] = {
	{ "ns", { "ns", "nanosecond" }, 1 },
	{ "us", { "\xce\xbcs", "us", "microsecond" }, 1e3 },
	{ "ms", { "ms", "millisecond" }, 1e6 },
	{ "s", { "s", "sec", "second" }, 1e9 },
	{ "hrs", { "hour", "hr" }, 3600e9 },
};
static const struct unit time_default = { "s", { NULL }, 1e9 };
static const struct unit gcu_units[] = {
	{ "n*GCU", { "nanogcu" }, 1e-9 },
	{ "u*GCU", { "microgcu" }, 1e-6 },
	{ "m*GCU", { "milligcu" }, 1e-3 },
	{ "GCU", { "gcu" }, 1 },
	{ "k*GCU", { "kilogcu" }, 1e3 },
	{ "M*GCU", { "megagcu" }, 1e6 },
	{ "G*GCU", { "gigagcu" }, 1e9 },
	{ "T*GCU", { "teragcu" }, 1e12 },
	{ "P*GCU", { "petagcu" }, 1e15 },
};
static const struct unit gcu_default = { "GCU", { NULL }, 1 };

static const struct unit_kind kinds[] = {
	{ size_units, sizeof size_units / sizeof size_units[0], &size_units[0] },
	{ time_units, sizeof time_units / sizeof time_units[0], &time_default },
	{ gcu_units, sizeof gcu_units / sizeof gcu_units[0], &gcu_default },
};

/* pprof's sniffUnit: lower-case, drop a plural "s" from names over 2
 * characters, look up the aliases. */
static const struct unit *
sniff(const struct unit_kind *k, const char *unit)
{
	char lower[64];
	size_t n = strlen(unit), i, a;

	if (n >= sizeof lower)
		return NULL;
	for (i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)unit[i]);
	lower[n] = '\0';
	if (n > 2 && lower[n - 1] == 's')
		lower[--n] = '\0';
	for (i = 0; i < k->nunits; i++)
		for (a = 0; a < 4 && k->units[i].aliases[a] != NULL; a++)
			if (strcmp(lower, k->units[i].aliases[a]) == 0)
				return &k->units[i];
	return NULL;
}

static int
auto_scale(const struct unit_kind *k, double v, double *out,
    const char **unit)
{
	double f = 0;
	size_t i;

	for (i = 0; i < k->nunits; i++) {
		if (k->units[i].factor >= f && v / k->units[i].factor >= 1.0) {
			f = k->units[i].factor;
			*unit = k->units[i].name;
		}
	}
	if (f == 0)
		return 0;
	*out = v / f;
	return 1;
}

double
units_scale(int64_t value, const char *from, const char *to,
    const char **unit_out)
{
	size_t i;

	/* As in pprof, the most negative value is not negated (it has no
	 * positive counterpart) and is scaled as it is. */
	if (value < 0 && value != INT64_MIN) {
		double v = units_scale(-value, from, to, unit_out);

		return -v;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const struct unit_kind *k = &kinds[i];
		const struct unit *fu = sniff(k, from), *tu;
		double v, out;

		if (fu == NULL)
			continue;
		v = (double)value * fu->factor;
		if (strcmp(to, "minimum") == 0 || strcmp(to, "auto") == 0) {
			if (auto_scale(k, v, &out, unit_out))
				return out;
			*unit_out = k->def->name;
			return v / k->def->factor;
		}
		tu = sniff(k, to);
		if (tu == NULL) {
			*unit_out = k->def->name;
			return v / k->def->factor;
		}
		*unit_out = tu->name;
		return v / tu->factor;
	}
	if (strcmp(to, "count") == 0 || strcmp(to, "sample") == 0 ||
	    strcmp(to, "unit") == 0 || strcmp(to, "minimum") == 0 ||
	    strcmp(to, "auto") == 0)
		*unit_out = "";
	else
		*unit_out = to;
	return (double)value;
}

char *
units_label(char *buf, size_t len, int64_t value, const char *from,
    const char *to)
{
	const char *u;
	double v = units_scale(value, from, to, &u);
	size_t n;

	snprintf(buf, len, "%.2f", v);
	n = strlen(buf);
	if (n >= 3 && strcmp(buf + n - 3, ".00") == 0)
		buf[n - 3] = '\0';
	if (strcmp(buf, "0") == 0 || strcmp(buf, "-0") == 0) {
		snprintf(buf, len, "0");
		return buf;
	}
	n = strlen(buf);
	snprintf(buf + n, len - n, "%s", u);
	return buf;
}

char *
units_percent(char *buf, size_t len, int64_t value, int64_t total)
{
	double ratio = 0;

	if (total != 0)
		ratio = fabs((double)value / (double)total) * 100;
	if (ratio >= 99.95 && ratio <= 100.05)
		snprintf(buf, len, "  100%%");
	else if (ratio >= 1.0)
		snprintf(buf, len, "%5.2f%%", ratio);
	else
		snprintf(buf, len, "%5.2g%%", ratio);
	return buf;
}

int
units_compatible(const char *a, const char *b)
{
	size_t i;

	if (strcmp(a, b) == 0)
		return 1;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (sniff(&kinds[i], a) != NULL && sniff(&kinds[i], b) != NULL)
			return 1;
	return 0;
}

const char *
units_select(int64_t minv, int64_t maxv, const char *sample_unit)
{
	const char *minu, *maxu, *u;

	if (minv == 0)
		minv = maxv;
	units_scale(minv, sample_unit, "minimum", &minu);
	units_scale(maxv, sample_unit, "minimum", &maxu);
	u = minu;
	if (strcmp(minu, maxu) != 0 && minv * 100 < maxv)
		units_scale(100 * minv, sample_unit, "minimum", &u);
	return *u != '\0' ? u : sample_unit;
}
