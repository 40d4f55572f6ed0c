/* vitrine-blend.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-blend"

#include "config.h"

#include <string.h>

#include "vitrine-blend-private.h"

/* Overlays blended straight into the I420 canvas.
 *
 * GStreamer's generic overlay blending converts the covered part of every
 * frame to ARGB and back: for a product card at 1080p that cost a quarter
 * of the encoder's CPU time. Here an overlay is converted to Y, U, V and
 * alpha planes once, when it is drawn (BT.709, limited range, like the
 * canvas), and each frame only mixes bytes: per pixel of luma one multiply
 * and add, and a quarter of that for chroma.
 *
 * BT.709 limited range, per 256 (R, G, B in 0..255): Y = 16 + (47, 157, 16),
 * U = 128 + (−26, −86, 112), V = 128 + (112, −102, −10); the chroma rows sum
 * to zero, so greys stay exactly neutral. */

/* A run of pixels on one row that are all opaque, or all partly
 * transparent; fully transparent pixels are in no span. */
typedef struct
{
  guint16 start;
  guint16 length;
  guint8  opaque;
} Span;

typedef struct
{
  Span  *spans;
  guint *row_first;   /* spans of row r: row_first[r] .. row_first[r + 1] - 1 */
} Spans;

struct _VitrineYuvImage
{
  int     width;
  int     height;
  int     chroma_width;
  int     chroma_height;
  guint8 *y;      /* width × height */
  guint8 *a;      /* width × height */
  guint8 *u;      /* chroma_width × chroma_height */
  guint8 *v;
  guint8 *ca;     /* chroma alpha: the mean of each 2×2 block */
  Spans   luma;
  Spans   chroma;
};

/* Most of a card is opaque: those runs are copied, not mixed, and the
 * transparent margins around rounded corners and shadows are skipped. */
static void
find_spans (Spans        *spans,
            const guint8 *alpha,
            int           width,
            int           height)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (Span));

  spans->row_first = g_new (guint, height + 1);
  for (int row = 0; row < height; row++)
    {
      const guint8 *a = alpha + (gsize)row * width;
      int col = 0;

      spans->row_first[row] = array->len;
      while (col < width)
        {
          Span span;

          if (a[col] == 0)
            {
              col++;
              continue;
            }
          span.start = col;
          span.opaque = a[col] == 255;
          while (col < width && a[col] != 0 && (a[col] == 255) == span.opaque)
            col++;
          span.length = col - span.start;
          g_array_append_val (array, span);
        }
    }
  spans->row_first[height] = array->len;
  spans->spans = (Span *)g_array_free (array, FALSE);
}

static inline guint8
clamp_byte (int value)
{
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

/* x / 255 for 0 ≤ x ≤ 255 × 255, exactly, without a division. */
static inline guint
div255 (guint x)
{
  return (x + 1 + (x >> 8)) >> 8;
}

static void
yuv_image_clear (VitrineYuvImage *image)
{
  g_free (image->y);
  g_free (image->a);
  g_free (image->u);
  g_free (image->v);
  g_free (image->ca);
  g_free (image->luma.spans);
  g_free (image->luma.row_first);
  g_free (image->chroma.spans);
  g_free (image->chroma.row_first);
}

/**
 * _vitrine_yuv_image_new:
 * @surface: a Cairo ARGB32 image (premultiplied)
 *
 * Returns: (transfer full): the image as planes ready to blend
 */
VitrineYuvImage *
_vitrine_yuv_image_new (cairo_surface_t *surface)
{
  VitrineYuvImage *image = g_atomic_rc_box_new0 (VitrineYuvImage);
  const guint8 *data;
  int stride;

  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32, NULL);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  image->width = cairo_image_surface_get_width (surface);
  image->height = cairo_image_surface_get_height (surface);
  image->chroma_width = (image->width + 1) / 2;
  image->chroma_height = (image->height + 1) / 2;
  image->y = g_malloc ((gsize)image->width * image->height);
  image->a = g_malloc ((gsize)image->width * image->height);
  image->u = g_malloc0 ((gsize)image->chroma_width * image->chroma_height);
  image->v = g_malloc0 ((gsize)image->chroma_width * image->chroma_height);
  image->ca = g_malloc0 ((gsize)image->chroma_width * image->chroma_height);

  for (int cy = 0; cy < image->chroma_height; cy++)
    for (int cx = 0; cx < image->chroma_width; cx++)
      {
        int sum_a = 0, sum_r = 0, sum_g = 0, sum_b = 0, n = 0;

        for (int dy = 0; dy < 2; dy++)
          for (int dx = 0; dx < 2; dx++)
            {
              int x = cx * 2 + dx, y = cy * 2 + dy;
              guint32 pixel;
              int a, r, g, b;

              if (x >= image->width || y >= image->height)
                continue;
              /* Native-endian ARGB, premultiplied. */
              pixel = *(const guint32 *)(data + (gsize)y * stride + x * 4);
              a = pixel >> 24;
              r = (pixel >> 16) & 0xff;
              g = (pixel >> 8) & 0xff;
              b = pixel & 0xff;
              n++;
              sum_a += a;
              sum_r += r;
              sum_g += g;
              sum_b += b;

              image->a[y * image->width + x] = a;
              if (a == 0)
                image->y[y * image->width + x] = 16;
              else
                {
                  /* Unpremultiplied colour → BT.709 limited-range luma. */
                  int ur = r * 255 / a, ug = g * 255 / a, ub = b * 255 / a;

                  image->y[y * image->width + x] =
                    clamp_byte (16 + ((47 * ur + 157 * ug + 16 * ub + 128) >> 8));
                }
            }

        if (n == 0 || sum_a == 0)
          continue;
        /* The block's colour, weighted by alpha: sums of premultiplied
         * values divided by the alpha sum. */
        {
          int ur = sum_r * 255 / sum_a, ug = sum_g * 255 / sum_a, ub = sum_b * 255 / sum_a;
          int index = cy * image->chroma_width + cx;

          image->u[index] = clamp_byte (128 + ((-26 * ur - 86 * ug + 112 * ub + 128) >> 8));
          image->v[index] = clamp_byte (128 + ((112 * ur - 102 * ug - 10 * ub + 128) >> 8));
          image->ca[index] = (sum_a + n / 2) / n;
        }
      }

  find_spans (&image->luma, image->a, image->width, image->height);
  find_spans (&image->chroma, image->ca, image->chroma_width, image->chroma_height);
  return image;
}

VitrineYuvImage *
_vitrine_yuv_image_ref (VitrineYuvImage *image)
{
  return g_atomic_rc_box_acquire (image);
}

void
_vitrine_yuv_image_unref (VitrineYuvImage *image)
{
  g_atomic_rc_box_release_full (image, (GDestroyNotify)yuv_image_clear);
}

int
_vitrine_yuv_image_get_width (const VitrineYuvImage *image)
{
  return image->width;
}

int
_vitrine_yuv_image_get_height (const VitrineYuvImage *image)
{
  return image->height;
}

static void
blend_plane (guint8       *dst,
             int           dst_stride,
             int           dst_width,
             int           dst_height,
             const guint8 *src,
             const guint8 *alpha,
             const Spans  *spans,
             int           src_width,
             int           src_height,
             int           x,
             int           y,
             guint         global)   /* 0..256 */
{
  int y0 = MAX (0, y), y1 = MIN (dst_height, y + src_height);
  /* The visible columns, in the image's coordinates. */
  int c0 = MAX (0, -x), c1 = MIN (src_width, dst_width - x);

  for (int row = y0; row < y1; row++)
    {
      int r = row - y;
      guint8 *d = dst + (gsize)row * dst_stride + x;
      const guint8 *s = src + (gsize)r * src_width;
      const guint8 *a = alpha + (gsize)r * src_width;

      for (guint k = spans->row_first[r]; k < spans->row_first[r + 1]; k++)
        {
          const Span *span = &spans->spans[k];
          int from = MAX (c0, span->start), to = MIN (c1, span->start + span->length);

          if (from >= to)
            continue;
          if (span->opaque && global == 256)
            memcpy (d + from, s + from, to - from);
          else
            for (int i = from; i < to; i++)
              {
                guint w = (a[i] * global) >> 8;

                d[i] = div255 (s[i] * w + d[i] * (255 - w));
              }
        }
    }
}

/**
 * _vitrine_yuv_image_blend:
 * @frame: a mapped, writable I420 frame
 * @x: where the image's left edge goes (may be off the frame)
 * @y: where its top edge goes
 * @alpha: the image's overall opacity, 0 to 1
 *
 * Mixes @image into @frame; what falls outside the frame is cut off.
 */
void
_vitrine_yuv_image_blend (const VitrineYuvImage *image,
                          GstVideoFrame         *frame,
                          int                    x,
                          int                    y,
                          double                 alpha)
{
  guint global = (guint)CLAMP (alpha * 256.0 + 0.5, 0, 256);
  int width = GST_VIDEO_FRAME_WIDTH (frame);
  int height = GST_VIDEO_FRAME_HEIGHT (frame);

  g_return_if_fail (GST_VIDEO_FRAME_FORMAT (frame) == GST_VIDEO_FORMAT_I420);

  if (global == 0)
    return;

  blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 0), GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0),
               width, height, image->y, image->a, &image->luma, image->width, image->height,
               x, y, global);
  /* Chroma at half resolution: an odd position (mid-slide) lands half a
   * pixel off, which no one sees in motion. */
  blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 1), GST_VIDEO_FRAME_PLANE_STRIDE (frame, 1),
               (width + 1) / 2, (height + 1) / 2, image->u, image->ca, &image->chroma,
               image->chroma_width, image->chroma_height, x >> 1, y >> 1, global);
  blend_plane (GST_VIDEO_FRAME_PLANE_DATA (frame, 2), GST_VIDEO_FRAME_PLANE_STRIDE (frame, 2),
               (width + 1) / 2, (height + 1) / 2, image->v, image->ca, &image->chroma,
               image->chroma_width, image->chroma_height, x >> 1, y >> 1, global);
}
