#include "calendar/http/hours_routes.hpp"

#include <charconv>

#include "http/error_mapping.hpp"

namespace guichet::calendar::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;

namespace {

Result<std::optional<double>> NumberParam(const Request& req, std::string_view name) {
    std::string text = req.Query(name);
    if (text.empty()) return std::optional<double>();
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        std::string message = "Paramètre « " + std::string(name) + " » : doit être un nombre.";
        return Fail(ErrorCode::kInvalidArgument, message, message, "invalid-parameter");
    }
    return std::optional<double>(value);
}

}  // namespace

void RegisterRoutes(guichet::http::Router& router, HoursEvaluator& evaluator, const Clock& clock) {
    router.Add(Method::kGet, "/api/v1/hours", [&](Request& req) -> Result<Response> {
        HoursQuery query{req.Query("value"),
                         req.Query("from"),
                         req.Query("to"),
                         req.Query("at"),
                         req.Query("zone"),
                         req.Query("department"),
                         req.Query("school_zone"),
                         {},
                         {}};
        if (!req.query.contains("value")) {
            return Fail(ErrorCode::kInvalidArgument,
                        "Paramètre « value » : la valeur opening_hours est obligatoire.",
                        "no value", "invalid-parameter");
        }
        GUICHET_TRY(lat, NumberParam(req, "lat"));
        GUICHET_TRY(lon, NumberParam(req, "lon"));
        query.lat = lat;
        query.lon = lon;
        GUICHET_TRY(answer, evaluator.Evaluate(query, clock.Now()));
        if (answer.parse_failed) {
            const auto& error = answer.json.at("error").as_object();
            std::string message(error.at("message").as_string());
            return guichet::http::Problem(
                Error{ErrorCode::kInvalidArgument, message, message, "invalid-opening-hours", 0},
                req.request_id, 0,
                {{"value", answer.json.at("value")}, {"position", error.at("position")}});
        }
        Response r = Response::Json(200, answer.json);
        // The answer depends on the clock only when from/at are omitted.
        r.Set("Cache-Control", query.from.empty() ? "no-store" : "public, max-age=300");
        return r;
    });
}

}  // namespace guichet::calendar::http
