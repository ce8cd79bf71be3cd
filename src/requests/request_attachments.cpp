// RequestAttachments, the files of requests: the citizen's files (checked, stored before the
// transaction that names them), agents' uploads, the files a message may carry, downloads.
// Bytes live in the AttachmentStore (content-addressed); rows in request_attachments. Declared in
// request_attachments.hpp.
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"

#include "requests/request_attachments.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

RequestAttachments::RequestAttachments(storage::Database& db, const Clock& clock,
                                       RequestWriter& writer, RequestQueries& queries,
                                       std::filesystem::path attachments_dir)
    : db_(db),
      clock_(clock),
      writer_(writer),
      queries_(queries),
      files_(std::move(attachments_dir)) {}

Result<std::vector<Attachment>> RequestAttachments::StoreCitizenFiles(
    const std::vector<NewAttachment>& files, TimePoint now) {
    GUICHET_TRY(types, CitizenFileTypes(files));
    std::vector<Attachment> out;
    for (std::size_t i = 0; i < files.size(); ++i) {
        GUICHET_TRY(sha, files_.Put(files[i].bytes));
        out.push_back({NewId(now), files[i].filename, types[i],
                       static_cast<std::int64_t>(files[i].bytes.size()), sha, now, true});
    }
    return out;
}

Result<Attachment> RequestAttachments::AddAttachment(std::string_view tenant_id,
                                                     std::string_view id, std::string_view filename,
                                                     std::string_view content_type,
                                                     std::string_view bytes, const Actor& actor,
                                                     Expected expected, Request* updated) {
    if (bytes.size() > kMaxAttachmentBytes)
        return Fail(ErrorCode::kPayloadTooLarge, "La pièce jointe dépasse 32 Mo.",
                    "attachment too large");
    if (IsBlank(filename) || filename.size() > 255)
        return Invalid("Le nom du fichier est invalide.");
    GUICHET_TRY(sha, files_.Put(bytes));
    const TimePoint now = clock_.Now();
    // A file given without a useful type (a script's upload) is typed by its content when it is
    // a known kind, so that a mail carrying it later names its type.
    std::string type(content_type);
    if (type.empty() || type == "application/octet-stream") {
        if (std::string sniffed = DetectFileType(bytes); !sniffed.empty()) type = sniffed;
    }
    const Attachment a{NewId(now),
                       std::string(filename),
                       type.empty() ? "application/octet-stream" : type,
                       static_cast<std::int64_t>(bytes.size()),
                       sha,
                       now,
                       actor.type == "citizen"};
    GUICHET_TRY(
        written,
        writer_.Mutate(tenant_id, id, expected,
                       [&](Connection& c, Request& q, const Category&) -> Result<TimelineEntry> {
                           GUICHET_CHECK(InsertAttachments(c, q, {a}));
                           return Entry(q, "attachment", actor,
                                        {{"id", a.id}, {"filename", a.filename}, {"size", a.size}},
                                        a.shared, now);
                       }));
    if (updated != nullptr) *updated = std::move(written);
    return a;
}

Result<std::vector<Attachment>> RequestAttachments::AnswerFiles(
    std::string_view tenant_id, std::string_view id, const std::vector<std::string>& ids) {
    GUICHET_TRY(request, queries_.Get(tenant_id, id));
    return db_.Read<std::vector<Attachment>>(
        [&](Connection& c) { return LoadAnswerFiles(c, request.id, ids); });
}

Result<std::vector<Attachment>> RequestAttachments::Attachments(std::string_view tenant_id,
                                                                std::string_view id,
                                                                bool shared_only) {
    GUICHET_TRY(request, queries_.Get(tenant_id, id));
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(std::string(kAttachmentColumns) + "WHERE request_id = $1" +
                           (shared_only ? " AND shared = 1" : "") + " ORDER BY created_at, id",
                       {request.id});
    }));
    std::vector<Attachment> out;
    for (const Row& r : rows) out.push_back(AttachmentFromRow(r));
    return out;
}

Result<std::pair<Attachment, std::string>> RequestAttachments::ReadAttachment(
    std::string_view tenant_id, std::string_view attachment_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kAttachmentColumns) + "WHERE id = $1 AND tenant_id = $2",
                          {std::string(attachment_id), std::string(tenant_id)});
    }));
    if (!row) return Fail(ErrorCode::kNotFound, "Cette pièce jointe est introuvable.");
    Attachment a = AttachmentFromRow(*row);
    GUICHET_TRY(bytes, files_.Read(a.sha256));
    return std::make_pair(std::move(a), std::move(bytes));
}

}  // namespace guichet::requests
