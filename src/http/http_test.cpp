#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "bus/event_bus.hpp"
#include "core/invalid_field.hpp"
#include "http/error_mapping.hpp"
#include "http/if_match.hpp"
#include "http/metrics.hpp"
#include "http/multipart.hpp"
#include "http/router.hpp"
#include "http/ws_hub.hpp"

namespace guichet::http {
namespace {

Handler Named(std::string name) {
    return [name](Request&) -> Result<Response> { return Response::Text(200, name, "text/plain"); };
}

TEST(Router, MatchesLiteralsBeforeParameters) {
    Router router;
    router.Add(Method::kGet, "/api/v1/agents/{id}", Named("one"));
    router.Add(Method::kGet, "/api/v1/agents/me", Named("me"));
    router.Add(Method::kPost, "/api/v1/agents", Named("create"));
    auto me = router.Find(Method::kGet, "/api/v1/agents/me");
    ASSERT_EQ(me.outcome, Router::Outcome::kFound);
    EXPECT_EQ(me.route->pattern, "/api/v1/agents/me");
    auto one = router.Find(Method::kGet, "/api/v1/agents/01ABC");
    ASSERT_EQ(one.outcome, Router::Outcome::kFound);
    ASSERT_EQ(one.params.size(), 1u);
    EXPECT_EQ(one.params[0], (std::pair<std::string, std::string>{"id", "01ABC"}));
    EXPECT_EQ(router.Find(Method::kHead, "/api/v1/agents/x").outcome, Router::Outcome::kFound);
}

TEST(Router, DistinguishesNotFoundFromMethodNotAllowed) {
    Router router;
    router.Add(Method::kPost, "/api/v1/agents", Named("create"));
    router.Add(Method::kGet, "/api/v1/agents", Named("list"));
    auto wrong = router.Find(Method::kDelete, "/api/v1/agents");
    EXPECT_EQ(wrong.outcome, Router::Outcome::kMethodNotAllowed);
    EXPECT_EQ(wrong.allow, "POST, GET");
    EXPECT_EQ(router.Find(Method::kGet, "/api/v1/nothing").outcome, Router::Outcome::kNotFound);
    EXPECT_EQ(router.Find(Method::kGet, "/api/v1/agents/x/y").outcome, Router::Outcome::kNotFound);
}

TEST(Problem, HasStableTypeFrenchTitleAndNoInternals) {
    Error e{ErrorCode::kInternal, "SELECT secret FROM x failed", "db detail", "", 0};
    Response r = Problem(e, "req-1");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.Get("content-type"), "application/problem+json; charset=utf-8");
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
    EXPECT_NE(r.body.find("urn:guichet:problem:internal"), std::string::npos);
    EXPECT_NE(r.body.find("req-1"), std::string::npos);

    Error throttled{ErrorCode::kResourceExhausted, "Patientez.", "", "too-many-attempts", 4};
    Response t = Problem(throttled, "req-2");
    EXPECT_EQ(t.status, 429);
    EXPECT_EQ(t.Get("Retry-After"), "4");
    EXPECT_NE(t.body.find("Patientez."), std::string::npos);
    EXPECT_EQ(Problem(MethodNotAllowedError(), "r", 405).status, 405);

    // A 503 (a busy database) always tells when to retry, even when the error does not.
    Error busy{ErrorCode::kUnavailable, "Réessayez dans un instant.", "lease timeout", "busy", 0};
    Response b = Problem(busy, "req-3");
    EXPECT_EQ(b.status, 503);
    EXPECT_EQ(b.Get("Retry-After"), "1");
}

TEST(Problem, NamesTheFieldAtFault) {
    Response r =
        Problem(InvalidFieldError("fields.acte", "Le champ « Acte » est obligatoire."), "r");
    EXPECT_EQ(r.status, 400);
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("field").as_string(), "fields.acte");
    EXPECT_EQ(body.at("detail").as_string(), "Le champ « Acte » est obligatoire.");
    // Named after the fact (a value's own check), and not named at all.
    Error named = NamingField(
        Error{ErrorCode::kInvalidArgument, "Un nombre.", "Un nombre.", "invalid-field", 0},
        "fields.copies");
    EXPECT_EQ(FieldOf(named).value_or(""), "fields.copies");
    EXPECT_FALSE(FieldOf(Error{ErrorCode::kInvalidArgument, "Non.", "field x: Non.", "csrf", 0}));
    Response plain =
        Problem(Error{ErrorCode::kInvalidArgument, "Non.", "Non.", "invalid-field", 0}, "r");
    EXPECT_FALSE(boost::json::parse(plain.body).as_object().contains("field"));
}

TEST(Request, ReadsCookies) {
    Request r;
    r.headers["cookie"] = "a=1; guichet_session=abc; b=\"q\"";
    EXPECT_EQ(r.Cookie("guichet_session"), "abc");
    EXPECT_EQ(r.Cookie("b"), "q");
    EXPECT_EQ(r.Cookie("missing"), "");
}

TEST(IfMatch, ReadsTheVersionOfAnETagInItsUsualForms) {
    Request r;
    for (const char* tag : {"\"v3\"", "W/\"v3\"", "v3", "3", " \"3\" "}) {
        r.headers["if-match"] = tag;
        auto version = RequiredIfMatch(r, "la demande");
        ASSERT_TRUE(version) << tag;
        EXPECT_EQ(**version, 3) << tag;
    }
    r.headers["if-match"] = "*";
    auto any = RequiredIfMatch(r, "la demande");
    ASSERT_TRUE(any);
    EXPECT_FALSE(any->has_value());
    EXPECT_EQ(VersionTag(12), "\"v12\"");
}

TEST(IfMatch, MissingIs428AndGarbageOrOutOfRangeIs400) {
    Request r;
    auto missing = RequiredIfMatch(r, "la demande");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("la demande"), std::string::npos);
    EXPECT_EQ(Problem(missing.error(), "r1").status, 428);
    // 2^32 + 3 must not be read as 3, nor a version beyond what JavaScript counts exactly.
    for (const char* tag : {"\"v\"", "v-1", "v0", "4294967299x", "v9007199254740992", "\"v3",
                            "v1e3", "99999999999999999999999"}) {
        r.headers["if-match"] = tag;
        auto bad = RequiredIfMatch(r, "la demande");
        ASSERT_FALSE(bad) << tag;
        EXPECT_EQ(Problem(bad.error(), "r1").status, 400) << tag;
    }
    r.headers["if-match"] = "\"v4294967299\"";
    auto big = RequiredIfMatch(r, "la demande");
    ASSERT_TRUE(big);
    EXPECT_EQ(**big, 4294967299);
}

TEST(Metrics, RendersPrometheusText) {
    Metrics m;
    m.Observe("GET", "/api/v1/health", 200, 0.002);
    m.Observe("GET", "/api/v1/health", 200, 0.3);
    m.Observe("POST", "/api/v1/auth/login", 401, 0.05);
    std::string text = m.Render();
    EXPECT_NE(text.find("guichet_http_requests_total{method=\"GET\",route=\"/api/v1/"
                        "health\",status=\"200\"} 2"),
              std::string::npos);
    EXPECT_NE(text.find("guichet_http_request_duration_seconds_bucket{route=\"/api/v1/"
                        "health\",status=\"200\",le=\"0.0025\"} 1"),
              std::string::npos);
    EXPECT_NE(text.find("guichet_http_request_duration_seconds_count{route=\"/api/v1/"
                        "health\",status=\"200\"} 2"),
              std::string::npos);
}

class FakeClient : public WsClient {
  public:
    FakeClient(std::string tenant, bool allowed) : tenant_(std::move(tenant)), allowed_(allowed) {}
    const std::string& tenant_id() const override { return tenant_; }
    bool MaySee(std::string_view) const override { return allowed_; }
    void Send(std::shared_ptr<const std::string> text) override { received.push_back(*text); }
    std::vector<std::string> received;

  private:
    std::string tenant_;
    bool allowed_;
};

TEST(WsHub, DeliversPerTenantAndPermission) {
    bus::InProcessBus bus;
    WsHub hub(bus);
    auto a = std::make_shared<FakeClient>("t1", true);
    auto denied = std::make_shared<FakeClient>("t1", false);
    auto other = std::make_shared<FakeClient>("t2", true);
    hub.Join(a);
    hub.Join(denied);
    hub.Join(other);
    bus.Publish({"e1", "t1", "presence.changed", "presence.read", R"({"agents":[]})"});
    ASSERT_EQ(a->received.size(), 1u);
    EXPECT_EQ(a->received[0], R"({"type":"presence.changed","id":"e1","data":{"agents":[]}})");
    EXPECT_TRUE(denied->received.empty());
    EXPECT_TRUE(other->received.empty());
    hub.Leave(a.get());
    bus.Publish({"e2", "t1", "presence.changed", "presence.read", "{}"});
    EXPECT_EQ(a->received.size(), 1u);
    EXPECT_EQ(hub.size(), 2u);
}

TEST(WsHub, ForgetsClientsThatWentAway) {
    bus::InProcessBus bus;
    WsHub hub(bus);
    {
        auto gone = std::make_shared<FakeClient>("t1", true);
        hub.Join(gone);
    }
    bus.Publish({"e1", "t1", "x", "p", "{}"});  // Must not crash on the expired reference.
    auto kept = std::make_shared<FakeClient>("t1", true);
    hub.Join(kept);
    hub.Leave(kept.get());
    EXPECT_EQ(hub.size(), 0u);
}

// ---- Multipart form data ----------------------------------------------------------------------

TEST(Multipart, ReadsFieldsAndFilesAsBrowsersSendThem) {
    const std::string type = "multipart/form-data; boundary=----WebKitFormBoundaryab12";
    const std::string body =
        "------WebKitFormBoundaryab12\r\n"
        "Content-Disposition: form-data; name=\"request\"\r\n\r\n"
        "{\"subject\":\"Trou\"}\r\n"
        "------WebKitFormBoundaryab12\r\n"
        "Content-Disposition: form-data; name=\"file:photo\"; "
        "filename=\"C:\\\\Users\\\\a\\\\trou.jpg\"\r\n"
        "Content-Type: image/jpeg\r\n\r\n"
        "\xFF\xD8\xFF\r\n--not-the-boundary\r\n"
        "------WebKitFormBoundaryab12\r\n"
        "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
        "\r\n"
        "------WebKitFormBoundaryab12--\r\n";
    auto parts = http::ParseMultipart(type, body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 3u);
    EXPECT_EQ((*parts)[0].name, "request");
    EXPECT_FALSE((*parts)[0].filename);
    EXPECT_EQ((*parts)[0].data, "{\"subject\":\"Trou\"}");
    EXPECT_EQ((*parts)[1].name, "file:photo");
    EXPECT_EQ((*parts)[1].filename, "trou.jpg");
    EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
    // Bytes that look like a delimiter but are not the boundary stay in the data.
    EXPECT_EQ((*parts)[1].data, "\xFF\xD8\xFF\r\n--not-the-boundary");
    EXPECT_EQ((*parts)[2].filename, "");
    EXPECT_EQ((*parts)[2].data, "");
}

TEST(Multipart, PrefersTheExtendedFilenameAndAcceptsAPreambleAndQuotedBoundary) {
    const std::string type = "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"";
    const std::string body =
        "ignored preamble\r\n"
        "--a b\r\n"
        "Content-Disposition: form-data; name=\"media\"; filename=\"releve.pdf\"; "
        "filename*=UTF-8''relev%C3%A9%20d%C3%A9cembre.pdf\r\n\r\n"
        "%PDF-1.4\r\n"
        "--a b--";
    auto parts = http::ParseMultipart(type, body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].filename, "relevé décembre.pdf");
    EXPECT_EQ((*parts)[0].content_type, "text/plain");
    EXPECT_EQ((*parts)[0].data, "%PDF-1.4");
}

TEST(Multipart, RefusesMalformedBodiesWithAFrenchMessage) {
    const std::string type = "multipart/form-data; boundary=X";
    const std::string ok_part = "--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"multipart/form-data", ok_part + "--X--"},                         // no boundary
        {"application/json", ok_part + "--X--"},                            // not a form
        {type, "no delimiter at all"},                                      //
        {type, ok_part},                                                    // never closed
        {type, "--X\r\nContent-Disposition: form-data\r\n\r\n1\r\n--X--"},  // no name
        {type, "--X\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--X--"},
        {type, "--X\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n--X--"},  // no blank
        {type, "--Xjunk\r\n"},                                                      // bad delimiter
    };
    for (const auto& [content_type, body] : cases) {
        auto parts = http::ParseMultipart(content_type, body);
        ASSERT_FALSE(parts) << body;
        EXPECT_EQ(parts.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(parts.error().message.find("multipart/form-data"), std::string::npos);
    }
    std::string many;
    for (int i = 0; i < 5; ++i) many += ok_part;
    EXPECT_FALSE(http::ParseMultipart(type, many + "--X--", 4));
    EXPECT_TRUE(http::ParseMultipart(type, many + "--X--", 5));
}

}  // namespace
}  // namespace guichet::http
