/* test_base64.c — RFC 4648's test vectors, bytes that are not text, and a
 * length past one line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base64.h"

static void check(const char *in, size_t len, const char *want)
{
    char *got = base64_encode(in, len);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void rfc4648_vectors(void **state)
{
    (void)state;
    check("", 0, "");
    check("f", 1, "Zg==");
    check("fo", 2, "Zm8=");
    check("foo", 3, "Zm9v");
    check("foob", 4, "Zm9vYg==");
    check("fooba", 5, "Zm9vYmE=");
    check("foobar", 6, "Zm9vYmFy");
}

static void binary_and_long_input(void **state)
{
    unsigned char b[3] = { 0xff, 0x00, 0xfe };
    char big[3000], *got;

    (void)state;
    check((const char *)b, 3, "/wD+");
    check("runs:/4b24ccbf1f164c4db16277bcd924aebb", 38,
          "cnVuczovNGIyNGNjYmYxZjE2NGM0ZGIxNjI3N2JjZDkyNGFlYmI=");
    memset(big, 'a', sizeof big);
    got = base64_encode(big, sizeof big);
    assert_non_null(got);
    assert_int_equal(strlen(got), 4000);          /* no line breaks */
    assert_memory_equal(got, "YWFh", 4);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc4648_vectors),
        cmocka_unit_test(binary_and_long_input),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
