// Lines of a BAN file, read one at a time: from a file (plain or gzip: zlib reads both) or from a
// text in memory. A line longer than kMaxBanLineBytes is returned cut, with `too_long` set, and
// the reader goes on with the next one, so that memory stays bounded whatever the file holds.
// Thread-safety: one reader per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace guichet::addresses {

class LineSource {
  public:
    virtual ~LineSource() = default;
    // The next line without its end, in `line`; false at the end of the input. A gzip stream
    // that is corrupt or cut short is kInvalidArgument (type "invalid-file").
    virtual Result<bool> Next(std::string& line, bool& too_long) = 0;
    // Bytes read so far and the input's size (of the file as stored), for progress.
    virtual std::uint64_t Done() const = 0;
    virtual std::uint64_t Total() const = 0;
};

// kInvalidArgument (type "invalid-file", French message naming the file) when it cannot be read.
Result<std::unique_ptr<LineSource>> OpenLineFile(const std::string& path);
// `text` must outlive the reader.
std::unique_ptr<LineSource> LinesOfText(std::string_view text);

}  // namespace guichet::addresses
