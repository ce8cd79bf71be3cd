// Route isolation (issue 12, item 7): every route the Application registers, found in the
// router (so a route added later is covered without touching this file), is called with every
// method it serves by callers who have no business with tenant A's data: no session, a session of
// tenant B for each role, and an API key of tenant B. Path parameters are filled with the real ids
// of tenant A's resources, found through tenant A's own listings.
//
// The test fails when
// - a route answers a caller without credentials with anything but 401/403/404 and is not in the
//   one list of routes public on purpose (http::PublicRoutes(), router.hpp);
// - a route answers tenant B about one of tenant A's resources (a 2xx status);
// - a response to tenant B or to the anonymous caller (public routes included) carries tenant A's
//   data: a marker written in every kind of resource of A, or any id or text harvested from A's
//   own responses that tenant B's own responses do not contain;
// - tenant A's data reads differently after the strangers' calls (a write that slipped through);
// - a route fails (5xx), or, for tenant A's own agents, a role is refused a read that a role below
//   it may make (roles are ordered: reception < case agent < manager < tenant admin < platform).
//
// Writes carry If-Match: * and a body that passes the usual checks (WriteBody: what A's
// administrator reads at that address, completed with the fields actions ask for), so that they
// reach the tenant's check; a stranger's write may still be refused with 400 (e.g. an event whose
// place, one of A's, does not exist for B), which is a refusal: the snapshot proves nothing moved.
// A new path parameter that no listing of A gives needs a value in KnownParameter().
//
// Everything runs in-process: the Application on a fresh SQLite file, requests dispatched through
// the router as the server does (http/server.cpp Dispatch/Invoke), no socket.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "app/application.hpp"
#include "app/demo.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"
#include "storage/testing.hpp"

namespace guichet::app {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Role;

constexpr std::string_view kPassword = "Isolation-Mot-de-passe-2026";
// Written into every kind of tenant A's resources that the test creates itself.
constexpr std::string_view kMarker = "Zorglub-Marqueur-A";
constexpr std::string_view kSlugB = "autreville";

const std::vector<Role> kRoles = {Role::kReception, Role::kCaseAgent, Role::kManager,
                                  Role::kTenantAdmin, Role::kPlatformAdmin};

struct Caller {
    std::string label;
    std::string slug;  // The tenant the public routes are asked about (?tenant=).
    std::string session;
    std::string csrf;
    std::string bearer;
    std::string tenant_id, email;  // Agents: to sign in again after a logout route.
    bool anonymous() const { return session.empty() && bearer.empty(); }
};

struct Call {
    Method method;
    std::string target;
    std::string body;
    std::string content_type = "application/json";
};

std::string WithTenant(std::string target, std::string_view slug) {
    if (slug.empty()) return target;
    return target + (target.find('?') == std::string::npos ? "?" : "&") +
           "tenant=" + std::string(slug);
}

// Every string value of a JSON document, recursively.
void Strings(const boost::json::value& v, std::vector<std::string>& out) {
    if (v.is_string()) {
        out.emplace_back(v.as_string());
    } else if (v.is_array()) {
        for (const auto& e : v.as_array()) Strings(e, out);
    } else if (v.is_object()) {
        for (const auto& [k, e] : v.as_object()) Strings(e, out);
    }
}

// The first value of member `key` (a string) of an object in `v`, depth first, arrays in order.
std::optional<std::string> FirstMember(const boost::json::value& v, std::string_view key) {
    if (v.is_object()) {
        const auto& o = v.as_object();
        if (auto* m = o.if_contains(key); m && m->is_string()) return std::string(m->as_string());
        if (auto* m = o.if_contains(key); m && m->is_int64()) return std::to_string(m->as_int64());
        for (const auto& [k, e] : o)
            if (auto found = FirstMember(e, key)) return found;
    } else if (v.is_array()) {
        for (const auto& e : v.as_array())
            if (auto found = FirstMember(e, key)) return found;
    }
    return std::nullopt;
}

std::optional<boost::json::value> ParseJson(const Response& r) {
    if (r.Get("content-type").find("json") == std::string::npos) return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    if (ec) return std::nullopt;
    return v;
}

bool Success(int status) { return status >= 200 && status < 300; }

class RouteIsolation : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = storage::testing::AllTestDatabases().front().open();
        Config config;
        config.data_dir.clear();  // The search index in memory; attachments in a temp folder.
        auto opened =
            Application::OpenWith(config, std::move(db), identity::PasswordCost::Minimum());
        ASSERT_TRUE(opened) << opened.error().detail;
        app_ = std::move(*opened);
        app_->RegisterRoutes(router_, metrics_);

        std::ostringstream demo_out;
        ASSERT_TRUE(LoadDemo(*app_, {std::string(kPassword)}, demo_out));
        auto a = app_->tenancy().FindBySlug(kDemoSlug);
        ASSERT_TRUE(a);
        tenant_a_ = a->id;
        auto b = app_->tenancy().CreateTenant({.slug = std::string(kSlugB), .name = "Autreville"});
        ASSERT_TRUE(b) << b.error().detail;
        tenant_b_ = b->id;

        for (Role role : kRoles) {
            roles_a_.push_back(Agent(tenant_a_, kDemoSlug, role));
            roles_b_.push_back(Agent(tenant_b_, kSlugB, role));
        }
        admin_a_ = roles_a_[3];
        admin_b_ = roles_b_[3];
        auto key = app_->identity().CreateApiKey(tenant_b_, "Intégration d'Autreville",
                                                 {"cli", std::nullopt, ""});
        ASSERT_TRUE(key) << key.error().detail;
        strangers_.push_back({"sans session", std::string(kSlugB), "", "", ""});
        for (const auto& c : roles_b_) strangers_.push_back(c);
        strangers_.push_back({"clé d'API de B", std::string(kSlugB), "", "", key->secret});
    }

    Caller Agent(const std::string& tenant, std::string_view slug, Role role) {
        const std::string email =
            std::string(identity::RoleName(role)) + "." + std::string(slug) + "@isolation.test";
        auto agent = app_->identity().CreateAgent(tenant,
                                                  {email,
                                                   "Agent " + std::string(identity::RoleName(role)),
                                                   std::string(kPassword),
                                                   {role},
                                                   std::nullopt},
                                                  {"cli", std::nullopt, ""});
        EXPECT_TRUE(agent) << agent.error().detail;
        auto login =
            app_->identity().Login({tenant, email, std::string(kPassword), "192.0.2.9", "", ""});
        EXPECT_TRUE(login) << login.error().detail;
        if (!login) return {};
        return {std::string(slug) + " " + std::string(identity::RoleName(role)),
                std::string(slug),
                login->token,
                login->session.csrf_token,
                "",
                tenant,
                email};
    }

    // The caller's session, signed in again if a route (logout) ended it.
    void KeepSignedIn(Caller& caller) {
        if (caller.session.empty() || app_->identity().Authenticate(caller.session)) return;
        auto login = app_->identity().Login(
            {caller.tenant_id, caller.email, std::string(kPassword), "192.0.2.9", "", ""});
        ASSERT_TRUE(login) << login.error().detail;
        caller.session = login->token;
        caller.csrf = login->session.csrf_token;
    }

    // Dispatches as the server does: route lookup, path parameters, the handler's errors and
    // exceptions turned into problem documents.
    Response Send(const Caller& caller, const Call& call) {
        Request req;
        req.method = call.method;
        req.target = WithTenant(call.target, caller.slug);
        const auto q = req.target.find('?');
        req.path = PercentDecode(req.target.substr(0, q)).value_or("");
        if (q != std::string::npos) {
            std::string_view rest = std::string_view(req.target).substr(q + 1);
            while (!rest.empty()) {
                auto amp = rest.find('&');
                std::string_view item = rest.substr(0, amp);
                auto eq = item.find('=');
                req.query.emplace(PercentDecode(item.substr(0, eq), true).value_or(""),
                                  eq == std::string_view::npos
                                      ? ""
                                      : PercentDecode(item.substr(eq + 1), true).value_or(""));
                rest = amp == std::string_view::npos ? "" : rest.substr(amp + 1);
            }
        }
        req.headers["host"] = "isolation.test";
        if (!caller.session.empty())
            req.headers["cookie"] =
                std::string(identity::http::kSessionCookie) + "=" + caller.session;
        if (!caller.csrf.empty()) req.headers[identity::http::kCsrfHeader] = caller.csrf;
        if (!caller.bearer.empty()) req.headers["authorization"] = "Bearer " + caller.bearer;
        if (call.method != Method::kGet) {
            req.headers["content-type"] = call.content_type;
            req.headers["if-match"] = "*";  // Past the version check, to the tenant's.
        }
        req.body = call.body;
        req.remote_ip = "192.0.2.9";
        req.request_id = "isolation";
        auto match = router_.Find(req.method, req.path);
        if (match.outcome == http::Router::Outcome::kMethodNotAllowed)
            return http::Problem(http::MethodNotAllowedError(), req.request_id, 405);
        if (match.outcome != http::Router::Outcome::kFound)
            return http::Problem(http::NotFoundError(), req.request_id);
        for (auto& [name, value] : match.params) req.path_params.emplace(name, value);
        try {
            auto result = match.route->handler(req);
            if (result) return std::move(*result);
            return http::Problem(result.error(), req.request_id);
        } catch (const std::exception& e) {
            return Response::Text(599, std::string("exception: ") + e.what(), "text/plain");
        }
    }

    // Tenant A's administrator writes; the response must succeed.
    boost::json::value Seed(Method method, const std::string& target, const std::string& body,
                            const std::string& content_type = "application/json") {
        Response r = Send(admin_a_, {method, target, body, content_type});
        EXPECT_TRUE(Success(r.status))
            << MethodName(method) << " " << target << " -> " << r.status << " " << r.body;
        return ParseJson(r).value_or(boost::json::value());
    }

    // Something of every kind of resource of tenant A carries kMarker.
    void SeedMarkers() {
        const std::string m(kMarker);
        auto req = Seed(Method::kPost, "/api/v1/requests",
                        R"({"channel":"counter","citizen":{"name":"Usager )" + m +
                            R"(","email":"usager.zorglub@marqueur.test","phone":"0102030405"},)"
                            R"("subject":"Demande )" +
                            m + R"(","description":"Description )" + m + R"("})");
        const std::string rid = FirstMember(req, "id").value_or("");
        ASSERT_FALSE(rid.empty());
        Seed(Method::kPost, "/api/v1/requests/" + rid + "/notes",
             R"({"text":"Note )" + m + R"("})");
        request_id_ = rid;
        auto file = Seed(Method::kPost,
                         "/api/v1/requests/" + rid + "/attachments?filename=piece-zorglub.txt",
                         "Contenu " + m, "text/plain");
        attachment_id_ = FirstMember(file, "id").value_or("");
        Seed(Method::kPost, "/api/v1/contacts",
             R"({"channel":"phone","subject":"Appel )" + m + R"("})");
        auto tpl = Seed(Method::kPost, "/api/v1/request-templates",
                        R"({"name":"Modèle )" + m + R"(","subject":"Objet )" + m +
                            R"(","body":"Corps )" + m + R"("})");
        template_a_id_ = FirstMember(tpl, "id").value_or("");
        service_a_id_ = FirstMember(Seed(Method::kGet, "/api/v1/services", ""), "id").value_or("");
        admin_a_id_ =
            FirstMember(Seed(Method::kGet, "/api/v1/auth/session", ""), "id").value_or("");
        Seed(Method::kPost, "/api/v1/mailboxes",
             R"({"imap_url":"imap://127.0.0.1:1/INBOX","user":"zorglub","password":"secret-)" + m +
                 R"(","smtp_url":"smtp://127.0.0.1:1","from_address":"zorglub@marqueur.test",)"
                 R"("from_name":"Mairie )" +
                 m + R"("})");
        Seed(Method::kPost, "/api/v1/kb/categories", R"({"name":"Rubrique )" + m + R"("})");
        auto place = Seed(Method::kGet, "/api/v1/places", "");
        const std::string pid = FirstMember(place, "id").value_or("");
        ASSERT_FALSE(pid.empty());
        Seed(Method::kPost, "/api/v1/places/" + pid + "/notices",
             R"({"message":"Avis )" + m + R"("})");
        // A learned signal (its question carries the marker), so /kb/feedback/{id} has A's id.
        const std::string article =
            FirstMember(Seed(Method::kGet, "/api/v1/kb/articles", ""), "id").value_or("");
        ASSERT_FALSE(article.empty());
        Seed(Method::kPost, "/api/v1/kb/articles/" + article + "/feedback",
             R"({"question":"Question )" + m + R"("})");
    }

    // The concrete target of `route` for tenant A, or nullopt (with the reason) when a path
    // parameter has no value. `from_a` tells whether a parameter was filled with an id of A.
    std::optional<std::string> Target(const http::Route& route, bool& from_a, std::string& why) {
        std::string path;
        from_a = false;
        for (std::size_t i = 0; i < route.segments.size(); ++i) {
            const std::string& seg = route.segments[i];
            if (!(seg.size() > 2 && seg.front() == '{' && seg.back() == '}')) {
                path += "/" + seg;
                continue;
            }
            const std::string name = seg.substr(1, seg.size() - 2);
            std::optional<std::string> value;
            // 1. The listing the parameter is taken from (/api/v1/places for /places/{id}).
            // 2. The parent resource's member named like the segment before it (notices).
            // 3. A known value for parameters that are not ids of A's resources.
            //    Open311's listings end in .json, and so do the documents they list.
            for (const std::string ext : {"", ".json"}) {
                Response list = Send(admin_a_, {Method::kGet, path + ext, ""});
                auto json = ParseJson(list);
                if (!json || !Success(list.status)) continue;
                for (const std::string& key : {std::string("id"), name})
                    if (!value) value = FirstMember(*json, key);
                if (value) {
                    *value += ext;
                    break;
                }
            }
            if (!value && i >= 2) {
                const std::string parent = path.substr(0, path.rfind('/'));
                Response r = Send(admin_a_, {Method::kGet, parent, ""});
                if (auto json = ParseJson(r); json && json->is_object()) {
                    if (auto* member = json->as_object().if_contains(route.segments[i - 1]))
                        value = FirstMember(*member, "id");
                }
            }
            if (value) {
                from_a = true;
            } else if (auto known = KnownParameter(name)) {
                value = known->first;
                from_a = from_a || known->second;
            } else {
                why = "no value for {" + name + "}: add one to KnownParameter()";
                return std::nullopt;
            }
            path += "/" + *value;
        }
        return path.empty() ? "/" : path;
    }

    // A body that passes the usual checks of a change, so that a stranger's write reaches the
    // tenant's check: what A's administrator reads at the same address (a resource), completed
    // with the fields the actions ask for. Values are harmless, and A's ids where ids are asked.
    std::string WriteBody(const std::string& target) {
        boost::json::object body;
        Response same = Send(admin_a_, {Method::kGet, target, ""});
        if (auto json = ParseJson(same); json && json->is_object() && Success(same.status))
            body = json->as_object();
        const boost::json::object usual = {{"text", "Essai"},
                                           {"body", "Essai"},
                                           {"summary", "Essai"},
                                           {"message", "Essai"},
                                           {"name", "Essai"},
                                           {"subject", "Essai"},
                                           {"reason", "Essai"},
                                           {"status", "en_cours"},
                                           {"kind", "answer"},
                                           {"channel", "email"},
                                           {"other", request_id_},
                                           {"into", request_id_},
                                           {"agent_id", admin_a_id_},
                                           {"service_id", service_a_id_},
                                           {"start", "2027-01-04T10:00:00"},
                                           {"end", "2027-01-04T11:00:00"},
                                           {"template_id", template_a_id_},
                                           {"tracking_code", "ABCD-1234"},
                                           {"email", "usager.zorglub@marqueur.test"}};
        for (const auto& [key, value] : usual)
            if (!body.contains(key)) body[key] = value;
        return boost::json::serialize(body);
    }

    // Path parameters that no listing of tenant A gives: the value, and whether it is A's.
    std::optional<std::pair<std::string, bool>> KnownParameter(const std::string& name) {
        if (name == "document") return {{"inconnu.json", false}};  // Open311's unknown documents.
        if (name == "kind") return {{"places", false}};            // /api/v1/import/{kind}
        if (name == "service_request_id") return {{request_id_, true}};
        if (name == "token") return {{"jeton-inconnu", false}};  // Open311's pending tokens.
        if (name == "attachment") return {{attachment_id_, true}};
        return std::nullopt;
    }

    std::unique_ptr<Application> app_;
    http::Router router_;
    http::Metrics metrics_;
    std::string tenant_a_, tenant_b_;
    Caller admin_a_, admin_b_;
    std::vector<Caller> roles_a_, roles_b_, strangers_;
    std::string request_id_, attachment_id_, admin_a_id_, service_a_id_, template_a_id_;
};

TEST_F(RouteIsolation, EveryRouteRefusesOtherTenantsAndAnonymousCallers) {
    SeedMarkers();
    ASSERT_FALSE(HasFailure());

    struct Planned {
        const http::Route* route;
        std::string target;
        bool from_a;
    };
    std::vector<Planned> plan;
    for (const auto& route : router_.routes()) {
        bool from_a = false;
        std::string why;
        auto target = Target(route, from_a, why);
        if (!target) {
            ADD_FAILURE() << MethodName(route.method) << " " << route.pattern << ": " << why;
            continue;
        }
        // An {id} is always one of A's resources: the test would be blind otherwise.
        if (route.pattern.find("{id}") != std::string::npos) {
            EXPECT_TRUE(from_a) << route.pattern << ": {id} not filled with an id of tenant A";
        }
        plan.push_back({&route, *target, from_a});
    }
    ASSERT_FALSE(HasFailure());

    // What A's administrator reads, twice: the stable answers are compared after the strangers'
    // calls; every id and text in them that B's own answers lack is a marker of A's data.
    // Times in answers (DTSTAMP, generated_at) are not data: they are blanked out.
    const std::regex times(R"(\d{8}T\d{6}Z?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)");
    auto snapshot = [&] {
        std::map<std::string, std::string> out;
        for (const auto& p : plan)
            if (p.route->method == Method::kGet)
                out[p.target] = std::regex_replace(
                    Send(admin_a_, {Method::kGet, p.target, ""}).body, times, "<t>");
        return out;
    };
    const auto before = snapshot();
    const auto again = snapshot();
    std::set<std::string> markers = {std::string(kMarker)};
    std::string of_b;  // Everything B's administrator reads: B's own data and the defaults.
    for (const auto& p : plan) {
        if (p.route->method != Method::kGet) continue;
        KeepSignedIn(admin_b_);
        of_b += Send(admin_b_, {Method::kGet, p.target, ""}).body + "\n";
    }
    const std::regex timestamp(R"(^\d{4}-\d{2}-\d{2}([T ].*)?$)");
    for (const auto& p : plan) {
        if (p.route->method != Method::kGet) continue;
        Response r = Send(admin_a_, {Method::kGet, p.target, ""});
        std::vector<std::string> strings;
        if (auto json = ParseJson(r)) Strings(*json, strings);
        for (auto& s : strings) {
            if (s.size() < 12 || of_b.find(s) != std::string::npos ||
                std::regex_match(s, timestamp))
                continue;
            markers.insert(s);
        }
    }

    std::cout << "[          ] " << plan.size() << " routes, "
              << std::count_if(plan.begin(), plan.end(), [](const Planned& p) { return p.from_a; })
              << " of them about one of tenant A's resources; " << markers.size()
              << " markers of tenant A's data; " << strangers_.size() + 1 << " callers\n";

    // Public on purpose or not: asked anonymously about tenant A by A's own host name, a route
    // not in http::PublicRoutes() must refuse; one in it must not ask for credentials.
    const Caller anonymous_a{"sans session, pour A", kDemoSlug, "", "", ""};
    for (const auto& p : plan) {
        const http::Route& route = *p.route;
        const std::string name = std::string(MethodName(route.method)) + " " + route.pattern;
        Response r =
            Send(anonymous_a, {route.method, p.target, route.method == Method::kGet ? "" : "{}"});
        EXPECT_LT(r.status, 500) << name << ": " << r.body.substr(0, 300);
        if (http::IsPublicRoute(route.method, route.pattern)) {
            EXPECT_NE(r.status, 401) << name << " is in http::PublicRoutes() but asks for "
                                     << "credentials: take it out of the list";
        } else if (r.status != 401 && r.status != 403 && r.status != 404) {
            ADD_FAILURE() << name << " answers without credentials (" << r.status
                          << ") but is not in http::PublicRoutes(): " << r.body.substr(0, 200);
        }
    }

    for (const auto& p : plan) {
        const http::Route& route = *p.route;
        const std::string name = std::string(MethodName(route.method)) + " " + route.pattern;
        const bool is_public = http::IsPublicRoute(route.method, route.pattern);
        for (Caller& caller : strangers_) {
            KeepSignedIn(caller);
            // Writes: a body that passes the usual checks, and the file name uploads ask for.
            Call call{route.method, p.target, ""};
            if (route.method != Method::kGet) {
                call.body = WriteBody(p.target);
                call.target = WithTenant(p.target, "").append("?filename=essai.txt");
            }
            Response r = Send(caller, call);
            const std::string sent = WithTenant(call.target, caller.slug) + " " + call.body;
            SCOPED_TRACE(name + " as " + caller.label + " -> " + std::to_string(r.status));
            EXPECT_LT(r.status, 500) << r.body;
            if (caller.anonymous() && !is_public && r.status != 401 && r.status != 403 &&
                r.status != 404) {
                ADD_FAILURE() << name << " answers without credentials (" << r.status
                              << ") but is not in http::PublicRoutes(): " << r.body.substr(0, 200);
            }
            if (p.from_a) {
                EXPECT_FALSE(Success(r.status))
                    << "tenant A's resource reached by " << caller.label << ": " << p.target
                    << " -> " << r.body.substr(0, 300);
            }
            std::vector<std::string> leaked;
            for (const auto& marker : markers) {
                if (sent.find(marker) != std::string::npos) continue;  // An echo of the call.
                if (r.body.find(marker) != std::string::npos) leaked.push_back(marker);
            }
            if (!leaked.empty()) {
                std::string some;
                for (std::size_t i = 0; i < leaked.size() && i < 5; ++i)
                    some += " « " + leaked[i] + " »";
                ADD_FAILURE() << leaked.size() << " piece(s) of tenant A's data in the answer to "
                              << caller.label << ":" << some << "\n"
                              << r.body.substr(0, 300);
            }
        }
    }
    // Nothing of A changed.
    const auto after = snapshot();
    for (const auto& [target, body] : before) {
        if (again.at(target) != body) continue;  // Not stable (clocks, presence).
        EXPECT_EQ(after.at(target), body) << "tenant A's " << target << " changed";
    }
}

TEST_F(RouteIsolation, HigherRolesReadWhatLowerRolesRead) {
    SeedMarkers();
    for (const auto& route : router_.routes()) {
        if (route.method != Method::kGet) continue;
        bool from_a = false;
        std::string why;
        auto target = Target(route, from_a, why);
        if (!target) continue;  // Reported by the test above.
        bool allowed_below = false;
        for (std::size_t i = 0; i < roles_a_.size(); ++i) {
            KeepSignedIn(roles_a_[i]);
            Response r = Send(roles_a_[i], {Method::kGet, *target, ""});
            EXPECT_LT(r.status, 500)
                << route.pattern << " as " << roles_a_[i].label << ": " << r.body;
            if (allowed_below) {
                EXPECT_NE(r.status, 403) << route.pattern << " refused to " << roles_a_[i].label
                                         << " but allowed to a role below";
            }
            if (Success(r.status)) allowed_below = true;
        }
    }
}

TEST_F(RouteIsolation, PublicListNamesOnlyServedRoutes) {
    std::set<std::string> served;
    for (const auto& route : router_.routes())
        served.insert(std::string(MethodName(route.method)) + " " + route.pattern);
    for (const auto& p : http::PublicRoutes())
        EXPECT_TRUE(
            served.contains(std::string(MethodName(p.method)) + " " + std::string(p.pattern)))
            << "http::PublicRoutes() names a route that is not served: " << p.pattern;
}

}  // namespace
}  // namespace guichet::app
