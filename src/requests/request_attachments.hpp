// RequestAttachments: the files of requests — the citizen's files (checked, stored before the
// transaction that names them), agents' uploads, the files a message may carry, downloads. Bytes
// live in the AttachmentStore (content-addressed, under the attachments directory); rows in
// request_attachments.
//
// Contract: AddAttachment is a change of the request (RequestWriter::Mutate: If-Match
// `expected`, a timeline entry, "request.updated"); the others read. A file over
// kMaxAttachmentBytes is kPayloadTooLarge; the rest of the errors are kInvalidArgument in French
// or kNotFound. No method is called while the caller holds a connection. Thread-safety: safe
// from any thread; calls block (database, files).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/attachments.hpp"
#include "requests/request.hpp"
#include "requests/request_queries.hpp"
#include "requests/request_writer.hpp"
#include "requests/types.hpp"
#include "storage/database.hpp"

namespace guichet::requests {

class RequestAttachments {
  public:
    static constexpr std::size_t kMaxAttachmentBytes = 32 * 1024 * 1024;
    // What one message to the citizen may carry: SMTP servers commonly refuse messages over
    // about 25 MB, and base64 adds a third.
    static constexpr std::size_t kMaxAnswerFiles = 10;
    static constexpr std::int64_t kMaxAnswerBytes = 20 * 1024 * 1024;

    RequestAttachments(storage::Database& db, const Clock& clock, RequestWriter& writer,
                       RequestQueries& queries, std::filesystem::path attachments_dir);
    RequestAttachments(const RequestAttachments&) = delete;
    RequestAttachments& operator=(const RequestAttachments&) = delete;

    // An agent's (or the mail intake's) file added to request `id`, at version `expected`.
    Result<Attachment> AddAttachment(std::string_view tenant_id, std::string_view id,
                                     std::string_view filename, std::string_view content_type,
                                     std::string_view bytes, const Actor& actor,
                                     Expected expected = std::nullopt,
                                     Request* updated = nullptr);  // The request as written.
    // The files `ids` of request `id` (id or tracking code) that a message may carry, in the
    // order given: kInvalidArgument in French naming the first id that is not a file of that
    // request or is given twice, or when there are more than kMaxAnswerFiles or they weigh more
    // than kMaxAnswerBytes together; kNotFound for an unknown request. Reads only.
    Result<std::vector<Attachment>> AnswerFiles(std::string_view tenant_id, std::string_view id,
                                                const std::vector<std::string>& ids);
    // The files of a request; `shared_only`: those the citizen sees on the portal.
    Result<std::vector<Attachment>> Attachments(std::string_view tenant_id, std::string_view id,
                                                bool shared_only = false);
    // The bytes of an attachment of the tenant.
    Result<std::pair<Attachment, std::string>> ReadAttachment(std::string_view tenant_id,
                                                              std::string_view attachment_id);
    // Checks a citizen's files (CitizenFileTypes) and stores their bytes, before the transaction
    // that names them (RequestLifecycle: Create, AddIncoming); the rows are the caller's to
    // write (request_store.hpp InsertAttachments).
    Result<std::vector<Attachment>> StoreCitizenFiles(const std::vector<NewAttachment>& files,
                                                      TimePoint now);

  private:
    storage::Database& db_;
    const Clock& clock_;
    RequestWriter& writer_;
    RequestQueries& queries_;
    AttachmentStore files_;
};

}  // namespace guichet::requests
