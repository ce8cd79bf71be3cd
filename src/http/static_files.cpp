#include "http/static_files.hpp"

#include "core/fingerprint.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace guichet::http {
namespace {

namespace fs = std::filesystem;

bool IsSafe(std::string_view path) {
    if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos ||
        path.find('\\') != std::string_view::npos) {
        return false;
    }
    // Reject ".." and hidden segments ("/.git", "/a/../b").
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view segment = path.substr(start, slash - start);
        if (!segment.empty() && segment.front() == '.') return false;
        start = slash + 1;
    }
    return true;
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
    if (!IsSafe(path)) return std::nullopt;
    std::error_code ec;
    fs::path relative = fs::path(std::string(path.substr(1)));
    fs::path candidate = root_ / relative;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    fs::path index = candidate / "index.html";
    if (fs::is_regular_file(index, ec)) return index;
    if (path == "/console" || path.starts_with("/console/")) {
        fs::path console = root_ / "console" / "index.html";
        if (fs::is_regular_file(console, ec)) return console;
    }
    return std::nullopt;
}

std::optional<StaticFiles::Cached> StaticFiles::Load(const fs::path& file) const {
    std::error_code ec;
    auto mtime = fs::last_write_time(file, ec);
    if (ec) return std::nullopt;
    auto size = fs::file_size(file, ec);
    if (ec) return std::nullopt;
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(file);
        if (it != cache_.end() && it->second.mtime == mtime && it->second.size == size)
            return it->second;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    Cached cached{mtime, size, {}, buffer.str()};
    cached.etag = "\"" + FingerprintHex(cached.content) + "\"";
    std::lock_guard lock(mutex_);
    cache_[file] = cached;
    return cached;
}

std::optional<Response> StaticFiles::Serve(std::string_view path,
                                           std::string_view if_none_match) const {
    auto file = Resolve(path);
    if (!file) return std::nullopt;
    auto cached = Load(*file);
    if (!cached) return std::nullopt;
    Response r;
    r.Set("ETag", cached->etag);
    r.Set("Cache-Control",
          path.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    if (!if_none_match.empty() && EtagMatches(if_none_match, cached->etag)) {
        r.status = 304;
        return r;
    }
    r.status = 200;
    r.Set("Content-Type", std::string(ContentTypeFor(*file)));
    r.body = std::move(cached->content);
    return r;
}

std::optional<Response> StaticFiles::NotFoundPage() const {
    auto cached = Load(root_ / "404.html");
    if (!cached) return std::nullopt;
    Response r = Response::Text(404, std::move(cached->content), "text/html; charset=utf-8");
    r.Set("Cache-Control", "no-cache");
    return r;
}

}  // namespace guichet::http
