/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peil-report-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "peil-report-preview.h"

/* Poppler 22.12 declares no g_autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/*
 * The report's pages as the PDF plugin laid them out, drawn with Debian's
 * poppler-glib, so the analyst sees what the crisis team will read before
 * exporting or issuing. The PDF can also be opened in the user's viewer.
 */
struct _PeilReportPreview
{
  AdwWindow       parent_instance;

  GFile          *pdf;
  guint           n_pages;

  AdwWindowTitle *window_title;
  GtkWidget      *open_button;
  GtkStack       *stack;
  GtkBox         *page_box;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (PeilReportPreview, peil_report_preview, ADW_TYPE_WINDOW)

/* Pages are drawn at 1.4 pixels a point: an A4 page 833 pixels wide. */
#define PIXELS_PER_POINT 1.4

static void
on_open_clicked (PeilReportPreview *self)
{
  g_autofree char *uri = NULL;

  if (self->pdf == NULL)
    return;
  uri = g_file_get_uri (self->pdf);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static GdkTexture *
render_page (PopplerPage *page)
{
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  int pixels_wide, pixels_high;
  GdkTexture *texture;

  poppler_page_get_size (page, &width, &height);
  pixels_wide = (int)(width * PIXELS_PER_POINT);
  pixels_high = (int)(height * PIXELS_PER_POINT);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixels_wide, pixels_high);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, PIXELS_PER_POINT, PIXELS_PER_POINT);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize)cairo_image_surface_get_stride (surface) * pixels_high);
  texture = gdk_memory_texture_new (pixels_wide, pixels_high, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

/**
 * peil_report_preview_show_file:
 * @pdf: the report as the PDF plugin wrote it
 *
 * Shows every page of @pdf.
 */
void
peil_report_preview_show_file (PeilReportPreview *self,
                               GFile             *pdf)
{
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GtkWidget *child;

  g_return_if_fail (PEIL_IS_REPORT_PREVIEW (self));
  g_return_if_fail (G_IS_FILE (pdf));

  uri = g_file_get_uri (pdf);
  if (!(document = poppler_document_new_from_file (uri, NULL, &error)))
    {
      peil_report_preview_show_error (self, error);
      return;
    }

  g_set_object (&self->pdf, pdf);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box))) != NULL)
    gtk_box_remove (self->page_box, child);

  self->n_pages = poppler_document_get_n_pages (document);
  for (guint i = 0; i < self->n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autoptr(GdkTexture) texture = render_page (page);
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      g_autofree char *label = g_strdup_printf (_("Page %u of %u"), i + 1, self->n_pages);

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
      gtk_widget_add_css_class (picture, "card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (self->page_box, picture);
    }
  gtk_widget_set_sensitive (self->open_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "pages");
}

void
peil_report_preview_show_error (PeilReportPreview *self,
                                const GError      *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (PEIL_IS_REPORT_PREVIEW (self));

  /* A status page's description is Pango markup. */
  description = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

guint
peil_report_preview_get_n_pages (PeilReportPreview *self)
{
  g_return_val_if_fail (PEIL_IS_REPORT_PREVIEW (self), 0);
  return self->n_pages;
}

static void
peil_report_preview_dispose (GObject *object)
{
  PeilReportPreview *self = (PeilReportPreview *)object;

  /* The preview is a copy of the round's report, quotes and all, in the
   * cache: it goes with its window, so that no copy outlives a purge. */
  if (self->pdf != NULL)
    g_file_delete (self->pdf, NULL, NULL);
  g_clear_object (&self->pdf);
  G_OBJECT_CLASS (peil_report_preview_parent_class)->dispose (object);
}

static void
peil_report_preview_class_init (PeilReportPreviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = peil_report_preview_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/peil/Peil/peil-report-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, PeilReportPreview, window_title);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPreview, open_button);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPreview, page_box);
  gtk_widget_class_bind_template_child (widget_class, PeilReportPreview, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peil_report_preview_init (PeilReportPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * peil_report_preview_new:
 * @title: what the preview shows, such as "Round 2 · ROT 14:00"
 *
 * Returns: (transfer floating): a preview window, waiting for its PDF
 */
GtkWidget *
peil_report_preview_new (GtkWindow  *parent,
                         const char *title)
{
  PeilReportPreview *self = g_object_new (PEIL_TYPE_REPORT_PREVIEW, "transient-for", parent, NULL);

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  return GTK_WIDGET (self);
}
