/* vitrine-ui-xtest.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Real keyboard input for the GUI tests: GTK 4 has no public way to make a
 * key event, so the tests go through the X server (XTest, what xdotool
 * uses), the same path a keyboard takes: X server → GDK → the window's
 * shortcut controllers. Include after vitrine-ui-test.h, with GDK_BACKEND
 * x11 under Xvfb. */

#pragma once

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "vitrine-ui-test.h"

static inline Display *
vitrine_xtest_display (GtkWidget *window)
{
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (window));
}

static gboolean
vitrine_xtest_window_is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

/* Xvfb runs no window manager: give the window the keyboard focus the way
 * one would, and wait until GTK knows it has it. */
static G_GNUC_UNUSED void
vitrine_xtest_focus_window (GtkWidget *window)
{
  Display *xdisplay = vitrine_xtest_display (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  XRaiseWindow (xdisplay, gdk_x11_surface_get_xid (surface));
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XFlush (xdisplay);

  if (!vitrine_test_wait (vitrine_xtest_window_is_active, window, 5000))
    g_error ("The window did not get the keyboard focus");
}

/* Presses and releases the key of @keyval (an X keysym: GDK's keyvals are
 * the same numbers), then lets the events arrive and be handled. */
static G_GNUC_UNUSED void
vitrine_xtest_press_key (GtkWidget *window,
                         guint      keyval)
{
  Display *xdisplay = vitrine_xtest_display (window);
  KeyCode keycode = XKeysymToKeycode (xdisplay, keyval);

  g_assert_cmpint (keycode, !=, 0);

  XTestFakeKeyEvent (xdisplay, keycode, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, keycode, False, CurrentTime);
  XFlush (xdisplay);
  vitrine_test_run_for (100);
}
