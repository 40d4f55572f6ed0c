/* vitrine.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>

#include "vitrine-application.h"
#include "vitrine-headless.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gst_init (&argc, &argv);

  /* Headless runs and key management never touch GTK, so they work on a
   * studio box without a display. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--headless") ||
          g_str_equal (argv[i], "--set-key") ||
          g_str_equal (argv[i], "--clear-key"))
        return vitrine_headless_main (argc, argv);
      if (g_str_equal (argv[i], "--"))
        break;
    }

  {
    g_autoptr(VitrineApplication) app = vitrine_application_new ();

    return g_application_run (G_APPLICATION (app), argc, argv);
  }
}
