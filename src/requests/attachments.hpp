// Attachments: the files of a request, and what citizens may send.
//
// Files are stored by content (SHA-256) under the data folder; a row in request_attachments
// names each one. The store writes the file, syncs it and its folder, then returns: the row that
// refers to it is written afterwards, so an acknowledged attachment is never lost and the same
// bytes are stored once. A file whose row never got written is harmless (no row refers to it).
//
// Citizens (portal, Open311) may send documents and photos only: the type is read from the
// file's first bytes, never from the name or the browser's claim, and must be one of
// kCitizenFileTypes; files are limited in number and size. Agents and the mail intake attach
// any file (an e-mail carries what the citizen sent).
// Thread-safety: AttachmentStore is safe from any thread (files are written under a temporary
// name and renamed); the functions are pure.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace guichet::requests {

// A file given with a new request or a citizen's reply.
struct NewAttachment {
    std::string field;  // The category's `file` field it answers; empty: a general attachment.
    std::string filename;
    std::string_view bytes;  // Must outlive the call that takes it.
};

inline constexpr std::size_t kMaxCitizenFiles = 5;
inline constexpr std::size_t kMaxCitizenFileBytes = 10 * 1024 * 1024;

// "PDF, JPEG, PNG, …": the accepted kinds, for messages and the portal's hint.
std::string_view CitizenFileKinds();

// The media type of a file a citizen sends, read from its content ("application/pdf",
// "image/jpeg", …), or an invalid-field error in French naming the file: unknown or refused
// type, empty, too large, bad name.
Result<std::string> CitizenFileType(std::string_view filename, std::string_view bytes);

// The media type of a known kind of file (those of kCitizenFileTypes) read from its first
// bytes; empty when unknown.
std::string DetectFileType(std::string_view bytes);

// Checks a citizen's set of files (count, then each file); the types in the same order.
Result<std::vector<std::string>> CitizenFileTypes(const std::vector<NewAttachment>& files);

class AttachmentStore {
  public:
    explicit AttachmentStore(std::filesystem::path root) : root_(std::move(root)) {}
    // Stores `bytes` durably; returns their SHA-256 in hexadecimal.
    Result<std::string> Put(std::string_view bytes) const;
    Result<std::string> Read(std::string_view sha256) const;

  private:
    std::filesystem::path PathOf(std::string_view sha256) const;
    std::filesystem::path root_;
};

}  // namespace guichet::requests
