#ifndef SIM_DIGEST_H
#define SIM_DIGEST_H

/*
 * SHA-256 for impcentral-sim, from the system's libcrypto (which uses the processor's SHA
 * instructions where it has them): deployment shas over megabytes of code cost about a
 * millisecond instead of tens.
 */

#include <stddef.h>
#include <stdint.h>

/// An incremental SHA-256 computation.
typedef struct sim_sha256 sim_sha256;

/// A new computation, or NULL when memory or the digest is unavailable.
sim_sha256 *sim_sha256_new(void);

/// Adds `count` bytes. Returns 1 on success, 0 on failure.
int sim_sha256_update(sim_sha256 *hash, const uint8_t *bytes, size_t count);

/// Writes the 32-byte digest to `digest` and releases the computation. Returns 1 on success.
int sim_sha256_finish(sim_sha256 *hash, uint8_t digest[32]);

#endif
