/* vitrine-overlay-types.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * VitrineOverlayKind:
 * @VITRINE_OVERLAY_CARD: the pinned product card (price, deal, QR…)
 * @VITRINE_OVERLAY_LOWER_THIRD: a name and a title
 * @VITRINE_OVERLAY_TICKER: one scrolling line of text in a band
 * @VITRINE_OVERLAY_COMMENT: a highlighted viewer comment with its platform badge
 * @VITRINE_OVERLAY_ALERT: an order alert ("Anna just bought …")
 *
 * What an overlay shows; the theme places each kind on the canvas.
 */
typedef enum
{
  VITRINE_OVERLAY_CARD,
  VITRINE_OVERLAY_LOWER_THIRD,
  VITRINE_OVERLAY_TICKER,
  VITRINE_OVERLAY_COMMENT,
  VITRINE_OVERLAY_ALERT,
} VitrineOverlayKind;

/**
 * VitrineOverlayAnchor:
 * @VITRINE_OVERLAY_ANCHOR_TOP_LEFT: top-left corner
 * @VITRINE_OVERLAY_ANCHOR_TOP: centre of the top edge
 * @VITRINE_OVERLAY_ANCHOR_TOP_RIGHT: top-right corner
 * @VITRINE_OVERLAY_ANCHOR_LEFT: centre of the left edge
 * @VITRINE_OVERLAY_ANCHOR_CENTER: centre of the canvas
 * @VITRINE_OVERLAY_ANCHOR_RIGHT: centre of the right edge
 * @VITRINE_OVERLAY_ANCHOR_BOTTOM_LEFT: bottom-left corner
 * @VITRINE_OVERLAY_ANCHOR_BOTTOM: centre of the bottom edge
 * @VITRINE_OVERLAY_ANCHOR_BOTTOM_RIGHT: bottom-right corner
 *
 * Where a theme pins an overlay kind on the canvas; overlays also slide in
 * from their anchor's edge.
 */
typedef enum
{
  VITRINE_OVERLAY_ANCHOR_TOP_LEFT,
  VITRINE_OVERLAY_ANCHOR_TOP,
  VITRINE_OVERLAY_ANCHOR_TOP_RIGHT,
  VITRINE_OVERLAY_ANCHOR_LEFT,
  VITRINE_OVERLAY_ANCHOR_CENTER,
  VITRINE_OVERLAY_ANCHOR_RIGHT,
  VITRINE_OVERLAY_ANCHOR_BOTTOM_LEFT,
  VITRINE_OVERLAY_ANCHOR_BOTTOM,
  VITRINE_OVERLAY_ANCHOR_BOTTOM_RIGHT,
} VitrineOverlayAnchor;

/**
 * VitrineOverlayTransition:
 * @VITRINE_OVERLAY_TRANSITION_IN: the overlay appears
 * @VITRINE_OVERLAY_TRANSITION_OUT: the overlay goes away
 */
typedef enum
{
  VITRINE_OVERLAY_TRANSITION_IN,
  VITRINE_OVERLAY_TRANSITION_OUT,
} VitrineOverlayTransition;

#define VITRINE_OVERLAY_ERROR (vitrine_overlay_error_quark ())

/**
 * VitrineOverlayError:
 * @VITRINE_OVERLAY_ERROR_NOT_FOUND: no built-in theme has that name
 * @VITRINE_OVERLAY_ERROR_SYNTAX: a theme is not valid JSON
 * @VITRINE_OVERLAY_ERROR_INVALID: a theme field is missing, unknown, of the wrong type
 *   or out of range; the message names the field
 * @VITRINE_OVERLAY_ERROR_QR: a text cannot be encoded as a QR code (too long)
 */
typedef enum
{
  VITRINE_OVERLAY_ERROR_NOT_FOUND,
  VITRINE_OVERLAY_ERROR_SYNTAX,
  VITRINE_OVERLAY_ERROR_INVALID,
  VITRINE_OVERLAY_ERROR_QR,
} VitrineOverlayError;

GQuark vitrine_overlay_error_quark (void);

G_END_DECLS
