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

/* Moves the pointer to the middle of @widget, as a hand on the mouse does. */
static G_GNUC_UNUSED void
vitrine_xtest_point_at (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GtkWidget *native_widget = GTK_WIDGET (native);
  Display *xdisplay = vitrine_xtest_display (native_widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t center;
  graphene_point_t point;
  double surface_x, surface_y;
  int root_x, root_y;
  Window child;

  center = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                gtk_widget_get_height (widget) / 2.f);
  g_assert_true (gtk_widget_compute_point (widget, native_widget, &center, &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface),
                         DefaultRootWindow (xdisplay),
                         (int) (point.x + surface_x), (int) (point.y + surface_y),
                         &root_x, &root_y, &child);

  XTestFakeMotionEvent (xdisplay, -1, root_x, root_y, CurrentTime);
  XFlush (xdisplay);
  vitrine_test_run_for (100);
}

/* A left click in the middle of @widget, where it is drawn now (rows that
 * just arrived have no place before the next frame). */
static G_GNUC_UNUSED void
vitrine_xtest_click (GtkWidget *widget)
{
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (widget));
  Display *xdisplay = vitrine_xtest_display (native);

  gtk_test_widget_wait_for_draw (native);
  g_assert_true (gtk_widget_get_mapped (widget));
  vitrine_xtest_point_at (widget);
  XTestFakeButtonEvent (xdisplay, 1, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay, 1, False, CurrentTime);
  XFlush (xdisplay);
  vitrine_test_run_for (200);
}

/* Turns the mouse wheel over @widget: up (button 4) or down (button 5). */
static G_GNUC_UNUSED void
vitrine_xtest_wheel (GtkWidget *widget,
                     gboolean   up,
                     guint      clicks)
{
  Display *xdisplay = vitrine_xtest_display (GTK_WIDGET (gtk_widget_get_native (widget)));

  vitrine_xtest_point_at (widget);
  for (guint i = 0; i < clicks; i++)
    {
      XTestFakeButtonEvent (xdisplay, up ? 4 : 5, True, CurrentTime);
      XTestFakeButtonEvent (xdisplay, up ? 4 : 5, False, CurrentTime);
      XFlush (xdisplay);
      vitrine_test_run_for (40);
    }
  vitrine_test_run_for (200);
}
