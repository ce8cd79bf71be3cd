// Shared pieces of the requests routes (route_support.hpp).
#include "requests/http/route_support.hpp"

#include <cctype>

#include "core/json.hpp"
#include "http/multipart.hpp"

namespace guichet::requests::http {

using guichet::http::Request;
using guichet::http::Response;

namespace {

Result<boost::json::object> SubmissionJson(std::string_view text) {
    if (text.size() > kMaxSubmissionJsonBytes)
        return Fail(ErrorCode::kPayloadTooLarge,
                    "Le formulaire dépasse 1 Mo, sans compter les fichiers joints : raccourcissez "
                    "vos textes.",
                    "submission JSON of " + std::to_string(text.size()) + " bytes");
    return json::ParseObject(text);
}

}  // namespace

Result<Submission> CitizenSubmission(const Request& req) {
    const std::string type = req.Header("content-type");
    if (!guichet::http::IsMultipartForm(type)) {
        GUICHET_TRY(body, SubmissionJson(req.Body()));
        return Submission{std::move(body), {}};
    }
    GUICHET_TRY(parts, guichet::http::ParseMultipart(type, req.Body()));
    Submission out;
    bool has_request = false;
    for (const auto& part : parts) {
        if (part.name == "request" && !part.filename) {
            GUICHET_TRY(body, SubmissionJson(part.data));
            out.body = std::move(body);
            has_request = true;
        } else if (part.name == "files" || part.name.starts_with("file:")) {
            if (part.data.empty() && (!part.filename || part.filename->empty())) continue;
            out.files.push_back({part.name == "files" ? std::string() : part.name.substr(5),
                                 part.filename.value_or(""), part.data});
        } else {
            return BadParameter("Partie inattendue « " + part.name +
                                " » : le formulaire a une partie « request » (JSON) et des "
                                "fichiers « file:<champ> » ou « files ».");
        }
    }
    if (!has_request) return BadParameter("La partie « request » (JSON) du formulaire manque.");
    return out;
}

Response AttachmentResponse(std::pair<Attachment, std::string> file) {
    Response r = Response::Text(200, std::move(file.second), file.first.content_type);
    std::string encoded;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : file.first.filename) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
    }
    r.Set("Content-Disposition", "attachment; filename*=UTF-8''" + encoded);
    return r;
}

Result<AlsoInTransaction> OnCreate(const Delivery& delivery, std::string_view tenant_id,
                                   const NewRequest& in) {
    if (!delivery.on_create) return AlsoInTransaction();
    return delivery.on_create(tenant_id, in);
}

}  // namespace guichet::requests::http
