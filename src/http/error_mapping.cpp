#include "http/error_mapping.hpp"

#include "core/invalid_field.hpp"

#include <boost/json/object.hpp>

namespace guichet::http {
namespace {

std::string_view DefaultType(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid-request";
        case ErrorCode::kNotFound:
            return "not-found";
        case ErrorCode::kAlreadyExists:
            return "conflict";
        case ErrorCode::kPermissionDenied:
            return "forbidden";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kFailedPrecondition:
            return "precondition-failed";
        case ErrorCode::kResourceExhausted:
            return "too-many-requests";
        case ErrorCode::kPayloadTooLarge:
            return "payload-too-large";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

std::string_view Title(int status) {
    switch (status) {
        case 400:
            return "Requête invalide";
        case 401:
            return "Authentification requise";
        case 403:
            return "Accès refusé";
        case 404:
            return "Ressource introuvable";
        case 405:
            return "Méthode non autorisée";
        case 409:
            return "Conflit";
        case 412:
            return "Condition préalable non remplie";
        case 413:
            return "Contenu trop volumineux";
        case 428:
            return "Condition préalable requise";
        case 429:
            return "Trop de requêtes";
        case 431:
            return "En-têtes trop volumineux";
        case 503:
            return "Service momentanément indisponible";
        default:
            return "Erreur interne";
    }
}

}  // namespace

int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kPermissionDenied:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kAlreadyExists:
            return 409;
        case ErrorCode::kFailedPrecondition:
            return 412;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        case ErrorCode::kResourceExhausted:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

Response Problem(const Error& error, std::string_view request_id, int status,
                 const boost::json::object& extensions) {
    // A change sent without If-Match is told so apart from a stale one (RFC 6585 §3).
    if (status == 0) status = error.type == "precondition-required" ? 428 : StatusFor(error.code);
    std::string_view type = error.type.empty() ? DefaultType(error.code) : error.type;
    // Internal errors never show their message: it could carry internals by mistake.
    std::string detail = status == 500 ? "Une erreur interne est survenue. Si elle se reproduit, "
                                         "communiquez la référence de la requête au support."
                                       : error.message;
    boost::json::object body{{"type", "urn:guichet:problem:" + std::string(type)},
                             {"title", Title(status)},
                             {"status", status},
                             {"detail", detail},
                             {"instance", "urn:guichet:request:" + std::string(request_id)}};
    if (status == 400) {
        if (auto field = FieldOf(error)) body["field"] = *field;
    }
    for (const auto& [key, value] : extensions) {
        if (!body.contains(key)) body[key] = value;
    }
    Response r = Response::Json(status, body);
    r.Set("Content-Type", "application/problem+json; charset=utf-8");
    // A 503 always says when to come back (RFC 9110 §10.2.3): by default, in a second.
    int retry_after = error.retry_after_seconds;
    if (retry_after <= 0 && status == 503) retry_after = 1;
    if (retry_after > 0) r.Set("Retry-After", std::to_string(retry_after));
    return r;
}

Error NotFoundError() {
    return Error{ErrorCode::kNotFound, "Aucune ressource ne correspond à cette adresse.",
                 "no route", "not-found", 0};
}

Error MethodNotAllowedError() {
    return Error{ErrorCode::kInvalidArgument, "Cette méthode n'est pas permise pour cette adresse.",
                 "method not allowed", "method-not-allowed", 0};
}

}  // namespace guichet::http
