#include "requests/letter_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace guichet::requests {
namespace {

// A4 in points, and the positions of French window-envelope letters (NF Z 11-001 style, in mm).
constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kLeft = 20 * kMm;
constexpr double kRight = 20 * kMm;
constexpr double kTop = 15 * kMm;
constexpr double kBottom = 25 * kMm;  // Room for the footer.
constexpr double kWindowX = 105 * kMm;
constexpr double kWindowY = 50 * kMm;
constexpr double kWindowWidth = 85 * kMm;
constexpr double kBodyWidth = kPageWidth - kLeft - kRight;
constexpr const char* kFont = "DejaVu Sans 10";
constexpr const char* kFontBold = "DejaVu Sans Bold 10";
constexpr const char* kFontSmall = "DejaVu Sans 8";

struct Deleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
    void operator()(cairo_t* c) const { cairo_destroy(c); }
    void operator()(PangoLayout* l) const { g_object_unref(l); }
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
    void operator()(char* s) const { g_free(s); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

std::string Escape(const std::string& text) {
    Owned<char> escaped(g_markup_escape_text(text.c_str(), static_cast<gssize>(text.size())));
    return escaped.get();
}

std::string Join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        if (!out.empty()) out += '\n';
        out += l;
    }
    return out;
}

class Writer {
  public:
    explicit Writer(cairo_t* cr) : cr_(cr) {}

    Owned<PangoLayout> Layout(const std::string& markup, const char* font, double width,
                              PangoAlignment align = PANGO_ALIGN_LEFT) {
        Owned<PangoLayout> layout(pango_cairo_create_layout(cr_));
        Owned<PangoFontDescription> desc(pango_font_description_from_string(font));
        pango_layout_set_font_description(layout.get(), desc.get());
        pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout.get(), align);
        pango_layout_set_markup(layout.get(), markup.c_str(), static_cast<int>(markup.size()));
        return layout;
    }

    // Draws a block whole at (x, y); returns its height.
    double Block(const std::string& markup, const char* font, double x, double y, double width,
                 PangoAlignment align = PANGO_ALIGN_LEFT) {
        auto layout = Layout(markup, font, width, align);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, layout.get());
        int w = 0, h = 0;
        pango_layout_get_size(layout.get(), &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }

    // Draws a paragraph line by line from y_, starting a new page when a line would cross the
    // bottom margin.
    void Flow(const std::string& markup, const char* font, double x, double width,
              PangoAlignment align = PANGO_ALIGN_LEFT) {
        auto layout = Layout(markup, font, width, align);
        const int count = pango_layout_get_line_count(layout.get());
        for (int i = 0; i < count; ++i) {
            PangoLayoutLine* line = pango_layout_get_line_readonly(layout.get(), i);
            PangoRectangle ink, logical;
            pango_layout_line_get_pixel_extents(line, &ink, &logical);
            const double height = logical.height > 0 ? logical.height : 12;
            if (y_ + height > kPageHeight - kBottom) NewPage();
            // Alignment offsets are in the line's logical x.
            cairo_move_to(cr_, x + logical.x, y_ - logical.y);
            pango_cairo_show_layout_line(cr_, line);
            y_ += height;
        }
    }

    void Skip(double dy) { y_ += dy; }
    double y() const { return y_; }
    void set_y(double y) { y_ = y; }
    double Room() const { return kPageHeight - kBottom - y_; }

    void NewPage() {
        Footer();
        cairo_show_page(cr_);
        ++page_;
        y_ = kTop;
    }

    void Finish() { Footer(); }

    void set_footer(std::string text) { footer_ = std::move(text); }

  private:
    void Footer() {
        const std::string text = footer_ + " — page " + std::to_string(page_);
        cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
        Block(Escape(text), kFontSmall, kLeft, kPageHeight - kBottom + 8 * kMm, kBodyWidth,
              PANGO_ALIGN_RIGHT);
        cairo_set_source_rgb(cr_, 0, 0, 0);
    }

    cairo_t* cr_;
    double y_ = kTop;
    int page_ = 1;
    std::string footer_;
};

std::vector<std::string> Paragraphs(const std::string& body) {
    std::vector<std::string> out;
    std::string current;
    std::size_t pos = 0;
    auto flush = [&] {
        while (!current.empty() && current.back() == '\n') current.pop_back();
        if (current.find_first_not_of(" \t\n") != std::string::npos) out.push_back(current);
        current.clear();
    };
    while (pos <= body.size()) {
        auto end = body.find('\n', pos);
        if (end == std::string::npos) end = body.size();
        std::string line = body.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) {
            flush();
        } else {
            current += line;
            current += '\n';
        }
        pos = end + 1;
    }
    flush();
    return out;
}

}  // namespace

std::vector<std::string> AddressLines(const std::string& address) {
    std::vector<std::string> out;
    const char sep = address.find('\n') != std::string::npos ? '\n' : ',';
    std::size_t pos = 0;
    while (pos <= address.size()) {
        auto end = address.find(sep, pos);
        if (end == std::string::npos) end = address.size();
        std::string part = address.substr(pos, end - pos);
        const auto first = part.find_first_not_of(" \t\r");
        const auto last = part.find_last_not_of(" \t\r");
        if (first != std::string::npos) out.push_back(part.substr(first, last - first + 1));
        pos = end + 1;
    }
    return out;
}

Result<std::string> RenderLetterPdf(const Letter& letter) {
    std::string pdf;
    Owned<cairo_surface_t> surface(
        cairo_pdf_surface_create_for_stream(&Append, &pdf, kPageWidth, kPageHeight));
    cairo_pdf_surface_set_metadata(
        surface.get(), CAIRO_PDF_METADATA_TITLE,
        (letter.subject.empty() ? letter.reference : letter.subject).c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR,
                                   letter.sender_name.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Guichet");
    {
        Owned<cairo_t> cr(cairo_create(surface.get()));
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
        Writer w(cr.get());
        w.set_footer(letter.sender_name + " — Référence " + letter.reference);

        // Sender, top left.
        double y = kTop;
        y += w.Block(Escape(letter.sender_name), kFontBold, kLeft, y, kWindowX - kLeft - 5 * kMm);
        if (!letter.sender_address.empty())
            w.Block(Escape(Join(letter.sender_address)), kFont, kLeft, y,
                    kWindowX - kLeft - 5 * kMm);

        // Addressee, in the envelope window.
        std::vector<std::string> to{letter.recipient_name};
        to.insert(to.end(), letter.recipient_address.begin(), letter.recipient_address.end());
        w.Block(Escape(Join(to)), kFont, kWindowX, kWindowY, kWindowWidth);

        // Place and date under the window, then reference and subject on the left.
        w.Block(Escape(letter.place_and_date), kFont, kWindowX, 92 * kMm, kWindowWidth);
        w.set_y(105 * kMm);
        w.Flow("<b>Référence\u00a0:</b> " + Escape(letter.reference), kFont, kLeft, kBodyWidth);
        if (!letter.subject.empty())
            w.Flow("<b>Objet\u00a0:</b> " + Escape(letter.subject), kFont, kLeft, kBodyWidth);
        w.Skip(10 * kMm);

        for (const auto& paragraph : Paragraphs(letter.body)) {
            w.Flow(Escape(paragraph), kFont, kLeft, kBodyWidth, PANGO_ALIGN_LEFT);
            w.Skip(4 * kMm);
        }

        if (!letter.signature.empty()) {
            // The signature is kept whole on one page.
            auto layout = w.Layout(Escape(Join(letter.signature)), kFont, kWindowWidth);
            int lw = 0, lh = 0;
            pango_layout_get_size(layout.get(), &lw, &lh);
            const double height = static_cast<double>(lh) / PANGO_SCALE + 6 * kMm;
            if (w.Room() < height) w.NewPage();
            w.Skip(6 * kMm);
            w.Flow(Escape(Join(letter.signature)), kFont, kWindowX, kWindowWidth);
        }
        if (!letter.enclosures.empty()) {
            std::string names;
            for (const auto& name : letter.enclosures) names += (names.empty() ? "" : ", ") + name;
            w.Skip(8 * kMm);
            w.Flow("<b>P.\u00a0J.\u00a0:</b> " + Escape(names), kFont, kLeft, kBodyWidth,
                   PANGO_ALIGN_LEFT);
        }
        w.Finish();
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            return Fail(ErrorCode::kInternal, "Le courrier n'a pas pu être produit.",
                        cairo_status_to_string(cairo_status(cr.get())));
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return Fail(ErrorCode::kInternal, "Le courrier n'a pas pu être produit.",
                    cairo_status_to_string(cairo_surface_status(surface.get())));
    return pdf;
}

}  // namespace guichet::requests
