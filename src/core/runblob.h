/* runblob.h — a RunSet as one self-contained byte string and back, for the
 * local cache (store/cache.c). The blob is ours but read back from disk, so
 * runblob_decode treats it as untrusted: every count, offset and string id is
 * checked, and anything out of bounds makes it refuse the whole blob. No I/O.
 *
 * Layout (little-endian): "MLTRSB01", u32 n_strings, then n_strings times
 * (u32 len, bytes); u32 n_runs, then per run: u32 run_id, name, experiment_id,
 * user, artifact_uri, flavour (string indexes), u8 status, u8 lifecycle,
 * i64 start_time, i64 end_time, u32 n_metrics, n_params, n_tags, then the
 * metrics (u32 key, f64 value, u32 step), params and tags (u32 key, u32 value). */
#ifndef MLTUI_RUNBLOB_H
#define MLTUI_RUNBLOB_H

#include <stddef.h>

#include "core/runset.h"

/* Encodes the live runs of rs (garbage of replaced runs is left out) into a
 * malloc'd buffer; *len gets its size. NULL when out of memory. */
unsigned char *runblob_encode(const RunSet *rs, size_t *len);
/* A new RunSet holding the runs of buf[0..len), or NULL when the blob is not
 * one runblob_encode made (wrong magic, truncated, an id out of range, an
 * unknown status) or memory ran out. */
RunSet *runblob_decode(const unsigned char *buf, size_t len);

#endif
