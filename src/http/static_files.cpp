#include "http/static_files.hpp"

#include "core/fingerprint.hpp"
#include "core/text.hpp"

#include <fstream>
#include <sstream>

namespace guichet::http {
namespace {

namespace fs = std::filesystem;

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Whether `s` is UTF-8 in shortest form. IsUtf8 checks the byte structure only; this also refuses
// overlong forms (C0 AE would otherwise be a second spelling of '.'), surrogates and code points
// past U+10FFFF. Continuation bytes (80-BF) never equal the lead bytes tested below.
bool IsShortestFormUtf8(std::string_view s) {
    if (!IsUtf8(s)) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC0 || c == 0xC1 || c >= 0xF5) return false;
        if (c != 0xE0 && c != 0xED && c != 0xF0 && c != 0xF4) continue;
        const auto next = static_cast<unsigned char>(s[i + 1]);
        if ((c == 0xE0 && next < 0xA0) || (c == 0xED && next >= 0xA0) ||
            (c == 0xF0 && next < 0x90) || (c == 0xF4 && next >= 0x90)) {
            return false;
        }
    }
    return true;
}

// The path of an origin-form target, percent-decoded once, or nullopt when it must not be served.
// An encoded '/', '\' or '%' is refused rather than decoded: the first two would be separators
// the segment checks below cannot see, the last an invitation to decode twice.
std::optional<std::string> DecodePath(std::string_view target) {
    target = target.substr(0, target.find('?'));
    if (target.empty() || target.front() != '/') return std::nullopt;
    std::string path;
    path.reserve(target.size());
    for (std::size_t i = 0; i < target.size(); ++i) {
        if (target[i] != '%') {
            path += target[i];
            continue;
        }
        if (target.size() - i < 3) return std::nullopt;
        const int high = HexValue(target[i + 1]);
        const int low = HexValue(target[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        const char byte = static_cast<char>(high * 16 + low);
        if (byte == '/' || byte == '\\' || byte == '%') return std::nullopt;
        path += byte;
        i += 2;
    }
    for (char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F || c == '\\') return std::nullopt;
    }
    if (!IsShortestFormUtf8(path)) return std::nullopt;
    return path;
}

// Whether every segment of a decoded path is a plain name: not empty (a single trailing slash
// excepted, "/console/"), not ".", not "..", not hidden.
bool HasPlainSegments(std::string_view path) {
    std::size_t start = 1;
    while (start < path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        const std::string_view segment = path.substr(start, slash - start);
        if (segment.empty() || segment.front() == '.') return false;
        start = slash + 1;
    }
    return true;
}

// Whether `path` is `root` or below it, component by component. Both are canonical.
bool IsWithin(const fs::path& root, const fs::path& path) {
    auto it = path.begin();
    for (const auto& part : root) {
        if (it == path.end() || *it != part) return false;
        ++it;
    }
    return true;
}

// `path` canonical and inside `root` as a regular file, or nullopt.
std::optional<fs::path> RegularFileWithin(const fs::path& root, const fs::path& path) {
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    if (ec || !IsWithin(root, real) || !fs::is_regular_file(real, ec)) return std::nullopt;
    return real;
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
    // "*" or a list of validators, possibly weak (W/"…"): ours appearing in it is a match.
    return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

}  // namespace

std::string_view ContentTypeFor(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".webp") return "image/webp";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".woff") return "font/woff";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".webmanifest") return "application/manifest+json";
    return "application/octet-stream";
}

std::optional<fs::path> StaticFiles::Resolve(std::string_view path) const {
    if (!HasPlainSegments(path)) return std::nullopt;
    std::error_code ec;
    const fs::path root = fs::canonical(root_, ec);
    if (ec) return std::nullopt;
    // Safe to join: HasPlainSegments left no empty first segment, hence no absolute path.
    const fs::path candidate = fs::weakly_canonical(root / fs::path(path.substr(1)), ec);
    // A path that leads out of the root is refused whole, even where the console would answer.
    if (ec || !IsWithin(root, candidate)) return std::nullopt;
    if (auto file = RegularFileWithin(root, candidate)) return file;
    if (auto index = RegularFileWithin(root, candidate / "index.html")) return index;
    if (path == "/console" || path.starts_with("/console/"))
        return RegularFileWithin(root, root / "console" / "index.html");
    return std::nullopt;
}

std::optional<StaticFiles::File> StaticFiles::CacheFind(const std::string& key,
                                                        fs::file_time_type mtime,
                                                        std::uintmax_t size) const {
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    if (it->second->mtime != mtime || it->second->size != size) return std::nullopt;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->file;
}

void StaticFiles::CacheStore(CacheEntry entry) const {
    if (auto old = index_.find(entry.key); old != index_.end()) {
        cached_bytes_ -= old->second->file.content->size();
        lru_.erase(old->second);
        index_.erase(old);
    }
    const std::size_t bytes = entry.file.content->size();
    if (bytes > limits_.max_cached_file_bytes || bytes > limits_.max_cache_bytes ||
        limits_.max_cache_entries == 0) {
        return;
    }
    lru_.push_front(std::move(entry));
    index_.emplace(lru_.front().key, lru_.begin());
    cached_bytes_ += bytes;
    while (lru_.size() > limits_.max_cache_entries || cached_bytes_ > limits_.max_cache_bytes) {
        cached_bytes_ -= lru_.back().file.content->size();
        index_.erase(lru_.back().key);
        lru_.pop_back();
    }
}

std::optional<StaticFiles::File> StaticFiles::Load(const fs::path& file) const {
    std::error_code ec;
    const auto mtime = fs::last_write_time(file, ec);
    if (ec) return std::nullopt;
    const auto size = fs::file_size(file, ec);
    if (ec) return std::nullopt;
    const std::string key = file.string();
    {
        std::lock_guard lock(mutex_);
        if (auto hit = CacheFind(key, mtime, size)) return hit;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return std::nullopt;
    auto content = std::make_shared<const std::string>(std::move(buffer).str());
    File loaded{"\"" + FingerprintHex(*content) + "\"", std::move(content)};
    // A file changed while it was read is served as read, and cached only once it is stable.
    if (loaded.content->size() == size && size <= limits_.max_cached_file_bytes) {
        std::lock_guard lock(mutex_);
        CacheStore(CacheEntry{key, mtime, size, loaded});
    }
    return loaded;
}

StaticFiles::CacheStats StaticFiles::cache_stats() const {
    std::lock_guard lock(mutex_);
    return CacheStats{lru_.size(), cached_bytes_};
}

std::optional<Response> StaticFiles::Serve(std::string_view target,
                                           std::string_view if_none_match) const {
    const auto path = DecodePath(target);
    if (!path) return std::nullopt;
    const auto file = Resolve(*path);
    if (!file) return std::nullopt;
    auto loaded = Load(*file);
    if (!loaded) return std::nullopt;
    Response r;
    r.Set("ETag", loaded->etag);
    r.Set("Cache-Control",
          path->starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    if (!if_none_match.empty() && EtagMatches(if_none_match, loaded->etag)) {
        r.status = 304;
        return r;
    }
    r.status = 200;
    r.Set("Content-Type", std::string(ContentTypeFor(*file)));
    r.body = *loaded->content;
    return r;
}

std::optional<Response> StaticFiles::NotFoundPage() const {
    const auto file = Resolve("/404.html");
    if (!file) return std::nullopt;
    auto loaded = Load(*file);
    if (!loaded) return std::nullopt;
    Response r = Response::Text(404, *loaded->content, "text/html; charset=utf-8");
    r.Set("Cache-Control", "no-cache");
    return r;
}

}  // namespace guichet::http
