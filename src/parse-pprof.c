/*
 * parse-pprof.c - pprof's profile.proto (raw or gzipped; gzip is undone by
 * input.c).
 *
 * The top-level Profile message is walked by hand, and samples are decoded
 * straight from the wire into the model's compact arrays.  This is where
 * heapdiff's speed comes from: protobuf-c's generic profile__unpack of a
 * 1.2M-sample profile takes ~1.8 s and ~0.5 GB, allocating a message per
 * sample and per label, while the samples need only a pass over packed
 * varints.  protobuf-c (generated from proto/profile.proto) still decodes
 * the small messages: ValueType, Mapping, Location and Function.
 *
 * Two passes: the first records where each sample and string lies and
 * unpacks the small messages; the second, once every id is known, validates
 * ids and string indices as strictly as pprof and fills the model.  Errors
 * name the byte offset in the (decompressed) data.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "profile.pb-c.h"
#include "xmalloc.h"

enum {
	WT_VARINT = 0, WT_I64 = 1, WT_LEN = 2, WT_I32 = 5,
};

/* A byte range of the input. */
struct span {
	size_t off, len;
};

struct pb_reader {
	const unsigned char *data;
	size_t end;
	char **cause;
};

/* Read a varint at *pos (bounded by end); -1 and *cause on error. */
static int
pb_varint(struct pb_reader *r, size_t *pos, size_t end, uint64_t *v)
{
	uint64_t x = 0;
	size_t p = *pos;
	int shift;

	for (shift = 0; shift < 70; shift += 7) {
		unsigned char b;

		if (p >= end) {
			*r->cause = xasprintf("truncated protobuf: varint runs "
			    "past the end of its message (at byte %zu)", *pos);
			return -1;
		}
		b = r->data[p++];
		if (shift == 63 && (b & 0x80) == 0 && b > 1) {
			*r->cause = xasprintf("malformed protobuf: varint "
			    "overflows 64 bits (at byte %zu)", *pos);
			return -1;
		}
		x |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0) {
			*pos = p;
			*v = x;
			return 0;
		}
	}
	*r->cause = xasprintf("malformed protobuf: varint longer than 10 "
	    "bytes (at byte %zu)", *pos);
	return -1;
}

static const char *const profile_field_names[] = {
	NULL, "sample_type", "sample", "mapping", "location", "function",
	"string_table", "drop_frames", "keep_frames", "time_nanos",
	"duration_nanos", "period_type", "period", "comment",
	"default_sample_type", "doc_url",
};

/* Skip a field of an unknown number. */
static int
pb_skip(struct pb_reader *r, size_t *pos, size_t end, unsigned wt,
    size_t tagpos)
{
	uint64_t v;

	switch (wt) {
	case WT_VARINT:
		return pb_varint(r, pos, end, &v);
	case WT_I64:
		if (end - *pos < 8)
			goto trunc;
		*pos += 8;
		return 0;
	case WT_I32:
		if (end - *pos < 4)
			goto trunc;
		*pos += 4;
		return 0;
	case WT_LEN:
		if (pb_varint(r, pos, end, &v) != 0)
			return -1;
		if (v > end - *pos)
			goto trunc;
		*pos += v;
		return 0;
	default:
		*r->cause = xasprintf("malformed protobuf: invalid wire type "
		    "%u (at byte %zu)", wt, tagpos);
		return -1;
	}
trunc:
	*r->cause = xasprintf("truncated protobuf: field runs past the end "
	    "of the data (at byte %zu)", tagpos);
	return -1;
}

/* Maps proto ids (uint64, non-zero) to dense indices. */
struct idmap {
	uint64_t *keys;
	uint32_t *vals;
	size_t nslots;
};

static void
idmap_init(struct idmap *m, size_t n)
{
	m->nslots = 16;
	while (m->nslots < n * 2)
		m->nslots *= 2;
	m->keys = xcalloc(m->nslots, sizeof *m->keys);
	m->vals = xcalloc(m->nslots, sizeof *m->vals);
}

static void
idmap_done(struct idmap *m)
{
	free(m->keys);
	free(m->vals);
}

/* Insert id -> v; false if id was already there. */
static bool
idmap_add(struct idmap *m, uint64_t id, uint32_t v)
{
	size_t mask = m->nslots - 1, j = hash_u64(0, id) & mask;

	for (; m->keys[j] != 0; j = (j + 1) & mask)
		if (m->keys[j] == id)
			return false;
	m->keys[j] = id;
	m->vals[j] = v;
	return true;
}

static bool
idmap_get(const struct idmap *m, uint64_t id, uint32_t *v)
{
	size_t mask = m->nslots - 1, j = hash_u64(0, id) & mask;

	for (; m->keys[j] != 0; j = (j + 1) & mask)
		if (m->keys[j] == id) {
			*v = m->vals[j];
			return true;
		}
	return false;
}

/* Everything the first pass collects. */
struct pprof_parse {
	struct pb_reader r;
	struct profile *p;

	struct span *samples;
	size_t nsamples, cap_samples;
	struct span *strings;
	size_t nstrings, cap_strings;

	Perftools__Profiles__ValueType **types;
	size_t *type_off;
	size_t ntypes, cap_types, cap_type_off;
	Perftools__Profiles__ValueType *period_type;
	size_t period_type_off;
	Perftools__Profiles__Mapping **mappings;
	size_t *mapping_off;
	size_t nmappings, cap_mappings, cap_mapping_off;
	Perftools__Profiles__Location **locations;
	size_t *location_off;
	size_t nlocations, cap_locations, cap_location_off;
	Perftools__Profiles__Function **functions;
	size_t *function_off;
	size_t nfunctions, cap_functions, cap_function_off;

	int64_t drop_frames, keep_frames, time_nanos, duration_nanos, period;
	int64_t default_sample_type, doc_url;
	/* Where the string-index scalars were read, for error messages. */
	size_t drop_frames_off, keep_frames_off, default_sample_type_off;
	size_t doc_url_off;
	int64_t *comments;
	size_t *comment_off;
	size_t ncomments, cap_comments, cap_comment_off;

	strid *strmap;		/* string_table index -> strid */
};

/* Append msg unpacked with protobuf-c; -1 and *cause if it does not decode. */
#define UNPACK_INTO(pp, arr, offs, n, cap, capoff, unpack, span, what)      \
	do {                                                                \
		void *m_ = (void *)unpack(NULL, (span).len,                 \
		    (pp)->r.data + (span).off);                             \
		if (m_ == NULL) {                                           \
			*(pp)->r.cause = xasprintf("malformed protobuf: "   \
			    "cannot decode %s message (at byte %zu)", what, \
			    (span).off);                                    \
			return -1;                                          \
		}                                                           \
		ARRAY_GROW((pp)->arr, (pp)->n, (pp)->cap);                  \
		ARRAY_GROW((pp)->offs, (pp)->n, (pp)->capoff);              \
		(pp)->arr[(pp)->n] = m_;                                    \
		(pp)->offs[(pp)->n] = (span).off;                           \
		(pp)->n++;                                                  \
	} while (0)

/* Read packed or unpacked repeated int64 field 13 (comment), whose tag
 * is at tagpos. */
static int
read_comment(struct pprof_parse *pp, size_t *pos, unsigned wt, size_t tagpos)
{
	struct pb_reader *r = &pp->r;
	uint64_t v, n;
	size_t start = *pos, end;

	if (wt == WT_VARINT) {
		if (pb_varint(r, pos, r->end, &v) != 0)
			return -1;
		ARRAY_GROW(pp->comments, pp->ncomments, pp->cap_comments);
		ARRAY_GROW(pp->comment_off, pp->ncomments, pp->cap_comment_off);
		pp->comment_off[pp->ncomments] = start;
		pp->comments[pp->ncomments++] = (int64_t)v;
		return 0;
	}
	if (pb_varint(r, pos, r->end, &n) != 0)
		return -1;
	if (n > r->end - *pos) {
		*r->cause = xasprintf("truncated protobuf: length %llu of "
		    "field 13 (comment) runs past the end of the data (at "
		    "byte %zu)", (unsigned long long)n, tagpos);
		return -1;
	}
	end = *pos + n;
	while (*pos < end) {
		size_t at = *pos;

		if (pb_varint(r, pos, end, &v) != 0)
			return -1;
		ARRAY_GROW(pp->comments, pp->ncomments, pp->cap_comments);
		ARRAY_GROW(pp->comment_off, pp->ncomments, pp->cap_comment_off);
		pp->comment_off[pp->ncomments] = at;
		pp->comments[pp->ncomments++] = (int64_t)v;
	}
	return 0;
}

/* First pass over the top-level message. */
static int
pprof_scan(struct pprof_parse *pp)
{
	struct pb_reader *r = &pp->r;
	size_t pos = 0;

	while (pos < r->end) {
		size_t tagpos = pos;
		uint64_t tag, field, v;
		unsigned wt;
		struct span sp;
		int64_t *scalar = NULL;
		size_t *scalar_off = NULL;

		if (pb_varint(r, &pos, r->end, &tag) != 0)
			return -1;
		field = tag >> 3;
		wt = (unsigned)(tag & 7);
		if (field == 0) {
			*r->cause = xasprintf("malformed protobuf: field number "
			    "0 (at byte %zu)", tagpos);
			return -1;
		}
		if (field > 15) {
			if (pb_skip(r, &pos, r->end, wt, tagpos) != 0)
				return -1;
			continue;
		}
		switch (field) {
		case 7:
			scalar = &pp->drop_frames;
			scalar_off = &pp->drop_frames_off;
			break;
		case 8:
			scalar = &pp->keep_frames;
			scalar_off = &pp->keep_frames_off;
			break;
		case 9: scalar = &pp->time_nanos; break;
		case 10: scalar = &pp->duration_nanos; break;
		case 12: scalar = &pp->period; break;
		case 14:
			scalar = &pp->default_sample_type;
			scalar_off = &pp->default_sample_type_off;
			break;
		case 15:
			scalar = &pp->doc_url;
			scalar_off = &pp->doc_url_off;
			break;
		}
		if (field == 13 && (wt == WT_VARINT || wt == WT_LEN)) {
			if (read_comment(pp, &pos, wt, tagpos) != 0)
				return -1;
			continue;
		}
		if (scalar != NULL) {
			if (wt != WT_VARINT)
				goto wrong_type;
			if (scalar_off != NULL)
				*scalar_off = pos;
			if (pb_varint(r, &pos, r->end, &v) != 0)
				return -1;
			*scalar = (int64_t)v;
			continue;
		}
		if (wt != WT_LEN)
			goto wrong_type;
		if (pb_varint(r, &pos, r->end, &v) != 0)
			return -1;
		if (v > r->end - pos) {
			*r->cause = xasprintf("truncated protobuf: length %llu "
			    "of field %llu (%s) runs past the end of the data "
			    "(at byte %zu)", (unsigned long long)v,
			    (unsigned long long)field,
			    profile_field_names[field], tagpos);
			return -1;
		}
		sp.off = pos;
		sp.len = (size_t)v;
		pos += v;
		switch (field) {
		case 1:
			UNPACK_INTO(pp, types, type_off, ntypes, cap_types,
			    cap_type_off, perftools__profiles__value_type__unpack,
			    sp, "sample_type");
			break;
		case 2:
			ARRAY_GROW(pp->samples, pp->nsamples, pp->cap_samples);
			pp->samples[pp->nsamples++] = sp;
			break;
		case 3:
			UNPACK_INTO(pp, mappings, mapping_off, nmappings,
			    cap_mappings, cap_mapping_off,
			    perftools__profiles__mapping__unpack, sp, "mapping");
			break;
		case 4:
			UNPACK_INTO(pp, locations, location_off, nlocations,
			    cap_locations, cap_location_off,
			    perftools__profiles__location__unpack, sp,
			    "location");
			break;
		case 5:
			UNPACK_INTO(pp, functions, function_off, nfunctions,
			    cap_functions, cap_function_off,
			    perftools__profiles__function__unpack, sp,
			    "function");
			break;
		case 6:
			ARRAY_GROW(pp->strings, pp->nstrings, pp->cap_strings);
			pp->strings[pp->nstrings++] = sp;
			break;
		case 11:
			if (pp->period_type != NULL)
				perftools__profiles__value_type__free_unpacked(
				    pp->period_type, NULL);
			pp->period_type = perftools__profiles__value_type__unpack(
			    NULL, sp.len, r->data + sp.off);
			if (pp->period_type == NULL) {
				*r->cause = xasprintf("malformed protobuf: "
				    "cannot decode period_type message (at "
				    "byte %zu)", sp.off);
				return -1;
			}
			pp->period_type_off = sp.off;
			break;
		}
		continue;
wrong_type:
		*r->cause = xasprintf("malformed protobuf: field %llu (%s) has "
		    "wire type %u, expected %u (at byte %zu)",
		    (unsigned long long)field, profile_field_names[field], wt,
		    (field == 13 || scalar != NULL) ? WT_VARINT : WT_LEN,
		    tagpos);
		return -1;
	}
	return 0;
}

/* The strid of string_table index i, or -1 and *cause if out of range. */
static int
pprof_str(struct pprof_parse *pp, int64_t i, size_t at, const char *what,
    strid *out)
{
	if (i < 0 || (uint64_t)i >= pp->nstrings) {
		*pp->r.cause = xasprintf("%s: string index %lld out of range "
		    "(the string table has %zu entries) (at byte %zu)", what,
		    (long long)i, pp->nstrings, at);
		return -1;
	}
	*out = pp->strmap[i];
	return 0;
}

/* Decode one sample's bytes into the model. */
static int
pprof_sample(struct pprof_parse *pp, const struct span *sp,
    const struct idmap *locs, uint32_t **stack, size_t *cap_stack,
    int64_t *values, struct prof_label **labels, size_t *cap_labels)
{
	struct pb_reader *r = &pp->r;
	struct profile *p = pp->p;
	size_t pos = sp->off, end = sp->off + sp->len, nloc = 0, nlab = 0;
	uint32_t nval = 0;

	while (pos < end) {
		size_t tagpos = pos, fend;
		uint64_t tag, v;
		unsigned wt;

		if (pb_varint(r, &pos, end, &tag) != 0)
			return -1;
		wt = tag & 7;
		switch (tag >> 3) {
		case 1:		/* location_id, packed or not */
		case 2:		/* value, packed or not */
			if (wt == WT_VARINT) {
				fend = 0;	/* one value */
			} else if (wt == WT_LEN) {
				if (pb_varint(r, &pos, end, &v) != 0)
					return -1;
				if (v > end - pos)
					goto trunc;
				fend = pos + v;	/* packed, maybe empty */
			} else
				goto wrong;
			while (fend == 0 || pos < fend) {
				size_t at = pos;

				if (pb_varint(r, &pos, fend ? fend : end, &v) != 0)
					return -1;
				if ((tag >> 3) == 1) {
					uint32_t li;

					if (!idmap_get(locs, v, &li)) {
						*r->cause = xasprintf("sample "
						    "references unknown "
						    "location id %llu (at byte "
						    "%zu)", (unsigned long long)v,
						    at);
						return -1;
					}
					ARRAY_GROW(*stack, nloc, *cap_stack);
					(*stack)[nloc++] = li;
				} else {
					if (nval >= p->ntypes) {
						*r->cause = xasprintf("sample "
						    "has more values than the "
						    "profile's %u sample types "
						    "(at byte %zu)", p->ntypes,
						    sp->off);
						return -1;
					}
					values[nval++] = (int64_t)v;
				}
				if (fend == 0)
					break;
			}
			break;
		case 3: {	/* label */
			struct prof_label lb = { 0, 0, 0, 0 };
			size_t lend;

			if (wt != WT_LEN)
				goto wrong;
			if (pb_varint(r, &pos, end, &v) != 0)
				return -1;
			if (v > end - pos)
				goto trunc;
			lend = pos + v;
			while (pos < lend) {
				size_t ltag_at = pos;
				uint64_t ltag, lv;

				if (pb_varint(r, &pos, lend, &ltag) != 0)
					return -1;
				if ((ltag & 7) != WT_VARINT) {
					if (pb_skip(r, &pos, lend, ltag & 7,
					    ltag_at) != 0)
						return -1;
					continue;
				}
				if (pb_varint(r, &pos, lend, &lv) != 0)
					return -1;
				switch (ltag >> 3) {
				case 1:
					if (pprof_str(pp, (int64_t)lv, ltag_at,
					    "label key", &lb.key) != 0)
						return -1;
					break;
				case 2:
					if (pprof_str(pp, (int64_t)lv, ltag_at,
					    "label value", &lb.str) != 0)
						return -1;
					break;
				case 3:
					lb.num = (int64_t)lv;
					break;
				case 4:
					if (pprof_str(pp, (int64_t)lv, ltag_at,
					    "label unit", &lb.num_unit) != 0)
						return -1;
					break;
				}
			}
			ARRAY_GROW(*labels, nlab, *cap_labels);
			(*labels)[nlab++] = lb;
			break;
		}
		default:
			if (pb_skip(r, &pos, end, wt, tagpos) != 0)
				return -1;
		}
		continue;
wrong:
		*r->cause = xasprintf("malformed protobuf: sample field %llu "
		    "(%s) has wire type %u, expected %u (at byte %zu)",
		    (unsigned long long)(tag >> 3),
		    (tag >> 3) == 1 ? "location_id" : (tag >> 3) == 2 ?
		    "value" : "label", wt, (tag >> 3) == 3 ? WT_LEN : WT_VARINT,
		    tagpos);
		return -1;
trunc:
		*r->cause = xasprintf("truncated protobuf: a sample field runs "
		    "past the end of the sample (at byte %zu)", tagpos);
		return -1;
	}
	if (nval != p->ntypes) {
		*r->cause = xasprintf("sample has %u value%s, the profile has %u "
		    "sample types (at byte %zu)", nval, nval == 1 ? "" : "s",
		    p->ntypes, sp->off);
		return -1;
	}
	profile_add_sample(p, profile_intern_stack(p, *stack, (uint32_t)nloc),
	    values, *labels, nlab);
	return 0;
}

/* Second pass: validate and fill the model. */
static int
pprof_build(struct pprof_parse *pp)
{
	struct pb_reader *r = &pp->r;
	struct profile *p = pp->p;
	struct idmap mapids, funcids, locids;
	uint32_t *stack = NULL;
	struct prof_label *labels = NULL;
	struct prof_line *lines = NULL;
	size_t cap_stack = 0, cap_labels = 0, cap_lines = 0, i;
	int64_t *values = NULL;
	int rc = -1;

	memset(&mapids, 0, sizeof mapids);
	memset(&funcids, 0, sizeof funcids);
	memset(&locids, 0, sizeof locids);

	/* Strings. */
	if (pp->nstrings == 0) {
		*r->cause = xstrdup("malformed profile: the string table is "
		    "empty (string 0 must be \"\")");
		return -1;
	}
	if (pp->strings[0].len != 0) {
		*r->cause = xasprintf("malformed profile: string_table[0] must "
		    "be empty (at byte %zu)", pp->strings[0].off);
		return -1;
	}
	pp->strmap = xmalloc(pp->nstrings * sizeof *pp->strmap);
	for (i = 0; i < pp->nstrings; i++)
		pp->strmap[i] = profile_intern(p,
		    (const char *)r->data + pp->strings[i].off,
		    pp->strings[i].len);

	/* Header. */
	for (i = 0; i < pp->ntypes; i++) {
		strid t, u;

		if (pprof_str(pp, pp->types[i]->type, pp->type_off[i],
		    "sample_type", &t) != 0 ||
		    pprof_str(pp, pp->types[i]->unit, pp->type_off[i],
		    "sample_type unit", &u) != 0)
			return -1;
		profile_add_sample_type(p, t, u);
	}
	if (pp->period_type != NULL &&
	    (pprof_str(pp, pp->period_type->type, pp->period_type_off,
	    "period_type", &p->period_type.type) != 0 ||
	    pprof_str(pp, pp->period_type->unit, pp->period_type_off,
	    "period_type unit", &p->period_type.unit) != 0))
		return -1;
	if (pprof_str(pp, pp->drop_frames, pp->drop_frames_off, "drop_frames",
	    &p->drop_frames) != 0 ||
	    pprof_str(pp, pp->keep_frames, pp->keep_frames_off, "keep_frames",
	    &p->keep_frames) != 0 ||
	    pprof_str(pp, pp->default_sample_type, pp->default_sample_type_off,
	    "default_sample_type", &p->default_sample_type) != 0 ||
	    pprof_str(pp, pp->doc_url, pp->doc_url_off, "doc_url",
	    &p->doc_url) != 0)
		return -1;
	p->time_nanos = pp->time_nanos;
	p->duration_nanos = pp->duration_nanos;
	p->period = pp->period;
	for (i = 0; i < pp->ncomments; i++) {
		strid c;

		if (pprof_str(pp, pp->comments[i], pp->comment_off[i],
		    "comment", &c) != 0)
			return -1;
		profile_add_comment(p, c);
	}

	/* Mappings. */
	idmap_init(&mapids, pp->nmappings);
	for (i = 0; i < pp->nmappings; i++) {
		const Perftools__Profiles__Mapping *m = pp->mappings[i];
		struct prof_mapping pm;

		if (m->id == 0) {
			*r->cause = xasprintf("malformed profile: mapping with "
			    "reserved id 0 (at byte %zu)", pp->mapping_off[i]);
			goto out;
		}
		if (!idmap_add(&mapids, m->id, (uint32_t)i)) {
			*r->cause = xasprintf("malformed profile: two mappings "
			    "with id %llu (at byte %zu)",
			    (unsigned long long)m->id, pp->mapping_off[i]);
			goto out;
		}
		memset(&pm, 0, sizeof pm);
		pm.start = m->memory_start;
		pm.limit = m->memory_limit;
		pm.offset = m->file_offset;
		if (pprof_str(pp, m->filename, pp->mapping_off[i],
		    "mapping filename", &pm.file) != 0 ||
		    pprof_str(pp, m->build_id, pp->mapping_off[i],
		    "mapping build_id", &pm.build_id) != 0)
			goto out;
		pm.has_functions = m->has_functions;
		pm.has_filenames = m->has_filenames;
		pm.has_line_numbers = m->has_line_numbers;
		pm.has_inline_frames = m->has_inline_frames;
		profile_add_mapping(p, &pm);
	}

	/* Functions. */
	idmap_init(&funcids, pp->nfunctions);
	for (i = 0; i < pp->nfunctions; i++) {
		const Perftools__Profiles__Function *f = pp->functions[i];
		struct prof_function pf;

		if (f->id == 0) {
			*r->cause = xasprintf("malformed profile: function with "
			    "reserved id 0 (at byte %zu)", pp->function_off[i]);
			goto out;
		}
		if (!idmap_add(&funcids, f->id, (uint32_t)i)) {
			*r->cause = xasprintf("malformed profile: two functions "
			    "with id %llu (at byte %zu)",
			    (unsigned long long)f->id, pp->function_off[i]);
			goto out;
		}
		if (pprof_str(pp, f->name, pp->function_off[i],
		    "function name", &pf.name) != 0 ||
		    pprof_str(pp, f->system_name, pp->function_off[i],
		    "function system_name", &pf.system_name) != 0 ||
		    pprof_str(pp, f->filename, pp->function_off[i],
		    "function filename", &pf.filename) != 0)
			goto out;
		pf.start_line = f->start_line;
		profile_add_function(p, &pf);
	}

	/* Locations. */
	idmap_init(&locids, pp->nlocations);
	for (i = 0; i < pp->nlocations; i++) {
		const Perftools__Profiles__Location *l = pp->locations[i];
		struct prof_location pl;
		size_t k;

		if (l->id == 0) {
			*r->cause = xasprintf("malformed profile: location with "
			    "reserved id 0 (at byte %zu)", pp->location_off[i]);
			goto out;
		}
		if (!idmap_add(&locids, l->id, (uint32_t)i)) {
			*r->cause = xasprintf("malformed profile: two locations "
			    "with id %llu (at byte %zu)",
			    (unsigned long long)l->id, pp->location_off[i]);
			goto out;
		}
		memset(&pl, 0, sizeof pl);
		pl.mapping = PROF_NONE;
		if (l->mapping_id != 0 &&
		    !idmap_get(&mapids, l->mapping_id, &pl.mapping)) {
			*r->cause = xasprintf("malformed profile: location %llu "
			    "references unknown mapping id %llu (at byte %zu)",
			    (unsigned long long)l->id,
			    (unsigned long long)l->mapping_id,
			    pp->location_off[i]);
			goto out;
		}
		pl.address = l->address;
		pl.is_folded = l->is_folded;
		ARRAY_RESERVE(lines, l->n_line, cap_lines);
		for (k = 0; k < l->n_line; k++) {
			const Perftools__Profiles__Line *ln = l->line[k];

			if (!idmap_get(&funcids, ln->function_id,
			    &lines[k].function)) {
				*r->cause = xasprintf("malformed profile: "
				    "location %llu references unknown "
				    "function id %llu (at byte %zu)",
				    (unsigned long long)l->id,
				    (unsigned long long)ln->function_id,
				    pp->location_off[i]);
				goto out;
			}
			lines[k].line = ln->line;
			lines[k].column = ln->column;
		}
		profile_add_location(p, &pl, lines, (uint32_t)l->n_line);
	}

	/* Samples. */
	if (p->ntypes == 0 && pp->nsamples > 0) {
		*r->cause = xasprintf("malformed profile: samples but no "
		    "sample types (at byte %zu)", pp->samples[0].off);
		goto out;
	}
	/*
	 * Size the sample arrays once: every sample has one label at most in
	 * most profiles, and each location id takes at least one byte.
	 */
	{
		size_t bytes = 0;

		for (i = 0; i < pp->nsamples; i++)
			bytes += pp->samples[i].len;
		profile_reserve(p, pp->nsamples, pp->nsamples,
		    bytes / 2 > pp->nsamples ? bytes / 2 : pp->nsamples,
		    pp->nsamples);
	}
	values = xcalloc(p->ntypes ? p->ntypes : 1, sizeof *values);
	for (i = 0; i < pp->nsamples; i++)
		if (pprof_sample(pp, &pp->samples[i], &locids, &stack,
		    &cap_stack, values, &labels, &cap_labels) != 0)
			goto out;
	rc = 0;
out:
	idmap_done(&mapids);
	idmap_done(&funcids);
	idmap_done(&locids);
	free(stack);
	free(labels);
	free(lines);
	free(values);
	return rc;
}

static void
pprof_parse_done(struct pprof_parse *pp)
{
	size_t i;

	for (i = 0; i < pp->ntypes; i++)
		perftools__profiles__value_type__free_unpacked(pp->types[i], NULL);
	for (i = 0; i < pp->nmappings; i++)
		perftools__profiles__mapping__free_unpacked(pp->mappings[i], NULL);
	for (i = 0; i < pp->nlocations; i++)
		perftools__profiles__location__free_unpacked(pp->locations[i],
		    NULL);
	for (i = 0; i < pp->nfunctions; i++)
		perftools__profiles__function__free_unpacked(pp->functions[i],
		    NULL);
	if (pp->period_type != NULL)
		perftools__profiles__value_type__free_unpacked(pp->period_type,
		    NULL);
	free(pp->types);
	free(pp->type_off);
	free(pp->mappings);
	free(pp->mapping_off);
	free(pp->locations);
	free(pp->location_off);
	free(pp->functions);
	free(pp->function_off);
	free(pp->samples);
	free(pp->strings);
	free(pp->comments);
	free(pp->comment_off);
	free(pp->strmap);
}

static struct profile *
pprof_parse(const struct input *in, char **cause)
{
	struct pprof_parse pp;

	memset(&pp, 0, sizeof pp);
	pp.r.data = in->data;
	pp.r.end = in->len;
	pp.r.cause = cause;
	pp.p = profile_new();
	if (pprof_scan(&pp) != 0 || pprof_build(&pp) != 0) {
		pprof_parse_done(&pp);
		profile_free(pp.p);
		return NULL;
	}
	pprof_parse_done(&pp);
	return pp.p;
}

/*
 * A profile.proto message starts with the tag of one of Profile's fields,
 * with that field's wire type.  Text formats start with letters that can
 * look like tags, so this is only a modest confidence; the legacy parsers
 * answer higher for their exact headers.
 */
static int
pprof_probe(const unsigned char *buf, size_t len)
{
	unsigned field, wt;

	size_t i;

	if (len == 0)
		return 0;
	if (buf[0] & 0x80)
		return 0;
	/* Text is not a profile.proto, even when its first letter looks
	 * like a tag: a real profile has control bytes within its first
	 * few (lengths and small varints). */
	for (i = 0; i < len && i < 32; i++)
		if (buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\r' &&
		    buf[i] != '\t')
			break;
	if (i == len || i == 32)
		return 0;
	field = buf[0] >> 3;
	wt = buf[0] & 7;
	if (field < 1 || field > 15)
		return 0;
	if (field == 13)
		return wt == WT_VARINT || wt == WT_LEN ? 40 : 0;
	if (field >= 7 && field != 11)
		return wt == WT_VARINT ? 40 : 0;
	return wt == WT_LEN ? 50 : 0;
}

const struct parser parser_pprof = {
	"pprof",
	"pprof profile.proto (gzipped or not): Go runtime/pprof, pprof -proto",
	pprof_probe,
	pprof_parse,
};
