#include "requests/attachments.hpp"
#include "core/text.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace guichet::requests {
namespace {

bool StartsWith(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

// Up to `n` bytes at `pos`; empty past the end (a short file is never an error here).
std::string_view At(std::string_view bytes, std::size_t pos, std::size_t n) {
    return pos > bytes.size() ? std::string_view() : bytes.substr(pos, n);
}

// The type of an office document inside a ZIP container: ODF names its type in a first,
// uncompressed "mimetype" entry; OOXML is recognised by its main part's name.
std::string ZipDocumentType(std::string_view bytes) {
    static constexpr std::string_view kOdfPrefix = "application/vnd.oasis.opendocument.";
    if (At(bytes, 30, 8) == "mimetype") {
        const std::string_view type = At(bytes, 38, 80);
        if (type.starts_with(kOdfPrefix)) {
            for (std::string_view kind : {"text", "spreadsheet", "presentation"})
                if (type.substr(kOdfPrefix.size()).starts_with(kind))
                    return std::string(kOdfPrefix) + std::string(kind);
        }
        return "";
    }
    if (bytes.find("word/document.xml") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (bytes.find("xl/workbook.xml") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return "";
}

std::string SniffType(std::string_view bytes) {
    // PDF readers accept up to 1 KiB of junk before the header; so do we.
    if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return "application/pdf";
    if (StartsWith(bytes, "\xFF\xD8\xFF")) return "image/jpeg";
    if (StartsWith(bytes, "\x89PNG\r\n\x1A\n")) return "image/png";
    if (StartsWith(bytes, "RIFF") && At(bytes, 8, 4) == "WEBP") return "image/webp";
    if (At(bytes, 4, 4) == "ftyp") {
        // The photos of most phones: HEIF/HEIC.
        const std::string_view brand = At(bytes, 8, 4);
        for (std::string_view heif : {"heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"})
            if (brand == heif) return "image/heic";
    }
    if (StartsWith(bytes, std::string_view("PK\x03\x04", 4))) return ZipDocumentType(bytes);
    return "";
}

Error SystemError(const std::string& what) {
    return Error{ErrorCode::kUnavailable, "La pièce jointe n'a pas pu être enregistrée.",
                 what + ": " + std::strerror(errno), "", 0};
}

// Writes all of `bytes` to `fd`, retrying short writes.
bool WriteAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool SyncPath(const std::filesystem::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

std::string DetectFileType(std::string_view bytes) { return SniffType(bytes); }

std::string_view CitizenFileKinds() {
    return "PDF, JPEG, PNG, WebP, HEIC, OpenDocument ou Word/Excel";
}

Result<std::string> CitizenFileType(std::string_view filename, std::string_view bytes) {
    if (filename.empty() || filename.size() > 255 || !IsUtf8(filename) ||
        filename.find_first_of(std::string_view("/\\\0", 3)) != std::string_view::npos)
        return Invalid("Le nom du fichier « " + std::string(filename.substr(0, 80)) +
                       " » n'est pas valide.");
    for (unsigned char c : filename)
        if (c < 0x20 || c == 0x7F)
            return Invalid("Le nom d'un fichier contient un caractère invalide.");
    const std::string name(filename);
    if (bytes.empty()) return Invalid("Le fichier « " + name + " » est vide.");
    if (bytes.size() > kMaxCitizenFileBytes)
        return Fail(ErrorCode::kPayloadTooLarge,
                    "Le fichier « " + name + " » dépasse " +
                        std::to_string(kMaxCitizenFileBytes >> 20) + " Mo.",
                    "citizen file too large", "invalid-field");
    std::string type = SniffType(bytes);
    if (type.empty())
        return Invalid("Le fichier « " + name + " » n'est pas d'un type accepté (" +
                       std::string(CitizenFileKinds()) + ").");
    return type;
}

Result<std::vector<std::string>> CitizenFileTypes(const std::vector<NewAttachment>& files) {
    if (files.size() > kMaxCitizenFiles)
        return Invalid("Joignez au plus " + std::to_string(kMaxCitizenFiles) + " fichiers.");
    std::vector<std::string> types;
    for (const NewAttachment& f : files) {
        GUICHET_TRY(type, CitizenFileType(f.filename, f.bytes));
        types.push_back(std::move(type));
    }
    return types;
}

std::filesystem::path AttachmentStore::PathOf(std::string_view sha256) const {
    return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

Result<std::string> AttachmentStore::Put(std::string_view bytes) const {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string sha;
    for (unsigned char b : digest) {
        sha += kHex[b >> 4];
        sha += kHex[b & 15];
    }
    const auto path = PathOf(sha);
    const auto dir = path.parent_path();
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return sha;  // The same bytes are stored once.
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Fail(ErrorCode::kUnavailable, "La pièce jointe n'a pas pu être enregistrée.",
                    "mkdir " + dir.string() + ": " + ec.message());
    // Written under a temporary name, synced, renamed, and the folder synced: the file exists
    // whole or not at all, and survives a power cut once Put returns.
    const auto tmp = dir / (sha + ".tmp");
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return Fail(SystemError("open " + tmp.string()));
    const bool written = WriteAll(fd, bytes) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) return Fail(SystemError("write " + tmp.string()));
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        return Fail(ErrorCode::kUnavailable, "La pièce jointe n'a pas pu être enregistrée.",
                    "rename: " + ec.message());
    if (!SyncPath(dir, O_RDONLY | O_DIRECTORY)) return Fail(SystemError("fsync " + dir.string()));
    return sha;
}

Result<std::string> AttachmentStore::Read(std::string_view sha256) const {
    std::ifstream in(PathOf(sha256), std::ios::binary);
    if (!in)
        return Fail(ErrorCode::kUnavailable, "La pièce jointe est introuvable sur le disque.",
                    "missing attachment file " + std::string(sha256));
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace guichet::requests
