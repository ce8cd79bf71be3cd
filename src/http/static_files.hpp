// StaticFiles: serves the built front end (web/dist) with ETags and caching.
//
// Resolution of a GET path: the file itself; else "<path>/index.html"; else, under /console/,
// the console's index.html (the console routes in the browser). Files under /assets/ carry a
// content hash in their names and are cached for a year ("immutable"); everything else is
// revalidated (no-cache) with its ETag, so a new release is seen at once.
// Paths with ".." segments, NUL bytes or hidden files are never served.
// Thread-safety: Serve may be called from any thread; file contents are cached in memory and
// re-read when a file's size or modification time changes.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace guichet::http {

class StaticFiles {
  public:
    explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

    const std::filesystem::path& root() const { return root_; }

    // The 200/304 response for `path`, or nullopt when nothing matches.
    std::optional<Response> Serve(std::string_view path, std::string_view if_none_match) const;
    // The site's 404 page (404.html) with status 404, or nullopt when the build has none.
    std::optional<Response> NotFoundPage() const;

  private:
    struct Cached {
        std::filesystem::file_time_type mtime;
        std::uintmax_t size = 0;
        std::string etag;
        std::string content;
    };
    std::optional<std::filesystem::path> Resolve(std::string_view path) const;
    std::optional<Cached> Load(const std::filesystem::path& file) const;

    std::filesystem::path root_;
    mutable std::mutex mutex_;
    mutable std::map<std::filesystem::path, Cached> cache_;
};

// The Content-Type for a file name's extension.
std::string_view ContentTypeFor(const std::filesystem::path& file);

}  // namespace guichet::http
