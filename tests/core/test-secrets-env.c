/* test-secrets-env.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vitrine-secrets.h"

static void
test_env_name (void)
{
  g_autofree char *a = vitrine_secrets_env_name ("youtube-main");
  g_autofree char *b = vitrine_secrets_env_name ("local");

  g_assert_cmpstr (a, ==, "VITRINE_KEY_YOUTUBE_MAIN");
  g_assert_cmpstr (b, ==, "VITRINE_KEY_LOCAL");
}

static void
test_env_lookup (void)
{
  g_autofree char *missing = NULL;
  g_autofree char *found = NULL;

  g_unsetenv ("VITRINE_KEY_TWITCH");
  missing = vitrine_secrets_lookup_env ("twitch");
  g_assert_null (missing);

  g_setenv ("VITRINE_KEY_TWITCH", "", TRUE);
  g_assert_null (vitrine_secrets_lookup_env ("twitch"));

  g_setenv ("VITRINE_KEY_TWITCH", "live_123", TRUE);
  found = vitrine_secrets_lookup_env ("twitch");
  g_assert_cmpstr (found, ==, "live_123");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secrets/env-name", test_env_name);
  g_test_add_func ("/secrets/env-lookup", test_env_lookup);
  return g_test_run ();
}
