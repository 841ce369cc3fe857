#include "sim_digest.h"

#include <openssl/evp.h>

sim_sha256 *sim_sha256_new(void) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == NULL) return NULL;
    if (EVP_DigestInit_ex(context, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(context);
        return NULL;
    }
    return (sim_sha256 *)context;
}

int sim_sha256_update(sim_sha256 *hash, const uint8_t *bytes, size_t count) {
    if (count == 0) return 1;
    return EVP_DigestUpdate((EVP_MD_CTX *)hash, bytes, count) == 1;
}

int sim_sha256_finish(sim_sha256 *hash, uint8_t digest[32]) {
    unsigned int length = 0;
    const int ok = EVP_DigestFinal_ex((EVP_MD_CTX *)hash, digest, &length) == 1 && length == 32;
    EVP_MD_CTX_free((EVP_MD_CTX *)hash);
    return ok;
}
