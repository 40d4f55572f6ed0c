/* vitrine-qr.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/**
 * VitrineQrCode:
 *
 * A QR code (libqrencode, error correction level M) ready to be drawn crisp:
 * whole pixels per module, on white, with the 4-module quiet zone that
 * scanners need.
 */
typedef struct _VitrineQrCode VitrineQrCode;

VitrineQrCode *vitrine_qr_code_new      (const char     *text,
                                         GError        **error);
void           vitrine_qr_code_free     (VitrineQrCode  *self);
int            vitrine_qr_code_get_size (VitrineQrCode  *self);
gboolean       vitrine_qr_code_get_dark (VitrineQrCode  *self,
                                         int             x,
                                         int             y);
void           vitrine_qr_code_draw     (VitrineQrCode  *self,
                                         cairo_t        *cr,
                                         int             x,
                                         int             y,
                                         int             module);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineQrCode, vitrine_qr_code_free)

G_END_DECLS
