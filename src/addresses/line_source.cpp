#include "addresses/line_source.hpp"

#include <zlib.h>

#include <algorithm>
#include <filesystem>

#include "addresses/ban_csv.hpp"

namespace guichet::addresses {
namespace {

class TextLines final : public LineSource {
  public:
    explicit TextLines(std::string_view text) : text_(text) {}
    Result<bool> Next(std::string& line, bool& too_long) override {
        if (pos_ >= text_.size()) return false;
        std::size_t end = text_.find('\n', pos_);
        if (end == std::string_view::npos) end = text_.size();
        std::string_view l = text_.substr(pos_, end - pos_);
        pos_ = end + 1;
        too_long = l.size() > kMaxBanLineBytes;
        if (l.ends_with('\r')) l.remove_suffix(1);
        line.assign(l.substr(0, kMaxBanLineBytes));
        return true;
    }
    std::uint64_t Done() const override { return std::min(pos_, text_.size()); }
    std::uint64_t Total() const override { return text_.size(); }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// zlib reads gzip files and, transparently, plain ones.
class GzLines final : public LineSource {
  public:
    GzLines(gzFile f, std::uint64_t size) : f_(f), size_(size) {}
    GzLines(const GzLines&) = delete;
    GzLines& operator=(const GzLines&) = delete;
    static Result<std::unique_ptr<LineSource>> Open(const std::string& path) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        gzFile f = ec ? nullptr : gzopen(path.c_str(), "rb");
        if (f == nullptr) {
            return Fail(ErrorCode::kInvalidArgument,
                        "Impossible de lire le fichier « " + path + " ».", "gzopen failed",
                        "invalid-file");
        }
        gzbuffer(f, 1 << 17);
        return std::unique_ptr<LineSource>(std::make_unique<GzLines>(f, size));
    }
    ~GzLines() override {
        if (f_ != nullptr) gzclose(f_);
    }
    Result<bool> Next(std::string& line, bool& too_long) override {
        line.clear();
        too_long = false;
        char buffer[kMaxBanLineBytes + 2];
        bool any = false;
        while (true) {
            char* got = gzgets(f_, buffer, sizeof buffer);
            if (got == nullptr) {
                int code = 0;
                const char* message = gzerror(f_, &code);
                if (code != Z_OK && code != Z_BUF_ERROR) {
                    return Fail(ErrorCode::kInvalidArgument,
                                "Le fichier compressé est illisible ou tronqué.",
                                std::string("zlib: ") + message, "invalid-file");
                }
                return any;
            }
            any = true;
            std::string_view part(got);
            const bool ended = part.ends_with('\n');
            if (!too_long) {
                if (line.size() + part.size() > kMaxBanLineBytes + 1) {
                    too_long = true;
                } else {
                    line.append(part);
                }
            }
            if (ended) {
                while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
                    line.pop_back();
                return true;
            }
        }
    }
    std::uint64_t Done() const override { return static_cast<std::uint64_t>(gzoffset(f_)); }
    std::uint64_t Total() const override { return size_; }

  private:
    gzFile f_;
    std::uint64_t size_;
};

}  // namespace

Result<std::unique_ptr<LineSource>> OpenLineFile(const std::string& path) {
    return GzLines::Open(path);
}

std::unique_ptr<LineSource> LinesOfText(std::string_view text) {
    return std::make_unique<TextLines>(text);
}

}  // namespace guichet::addresses
