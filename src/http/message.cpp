#include "http/message.hpp"

#include <strings.h>

#include <boost/json/serialize.hpp>

namespace guichet::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string_view MethodName(Method method) {
    switch (method) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        case Method::kPut:
            return "PUT";
        case Method::kPatch:
            return "PATCH";
        case Method::kDelete:
            return "DELETE";
        case Method::kOptions:
            return "OPTIONS";
        case Method::kOther:
            return "OTHER";
    }
    return "OTHER";
}

Method ParseMethod(std::string_view name) {
    for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                     Method::kDelete, Method::kOptions}) {
        if (MethodName(m) == name) return m;
    }
    return Method::kOther;
}

std::string Request::Header(std::string_view name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::string Request::Query(std::string_view name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
}

std::string Request::PathParam(std::string_view name) const {
    auto it = path_params.find(name);
    return it == path_params.end() ? std::string() : it->second;
}

std::string Request::Cookie(std::string_view name) const {
    std::string_view header = headers.contains("cookie")
                                  ? std::string_view(headers.find("cookie")->second)
                                  : std::string_view();
    while (!header.empty()) {
        auto semi = header.find(';');
        std::string_view pair = header.substr(0, semi);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            std::string_view value = pair.substr(eq + 1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
        if (semi == std::string_view::npos) break;
        header.remove_prefix(semi + 1);
    }
    return {};
}

bool Request::IsStateChanging() const {
    return method == Method::kPost || method == Method::kPut || method == Method::kPatch ||
           method == Method::kDelete;
}

Response& Response::Set(std::string_view name, std::string value) {
    for (auto& [n, v] : headers) {
        if (EqualsIgnoreCase(n, name)) {
            v = std::move(value);
            return *this;
        }
    }
    headers.emplace_back(std::string(name), std::move(value));
    return *this;
}

Response& Response::Add(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::string Response::Get(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (EqualsIgnoreCase(n, name)) return v;
    return {};
}

Response Response::Json(int status, const boost::json::value& body) {
    Response r;
    r.status = status;
    r.body = boost::json::serialize(body);
    r.Set("Content-Type", "application/json; charset=utf-8");
    return r;
}

Response Response::NoContent() {
    Response r;
    r.status = 204;
    return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.Set("Content-Type", std::move(content_type));
    return r;
}

}  // namespace guichet::http
