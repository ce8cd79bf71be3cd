#include "mail/intake_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.hpp"
#include "mail/mime.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::mail {
namespace {

bool IsRobot(const std::string& address) {
    const std::string local = address.substr(0, address.find('@'));
    static constexpr std::array<std::string_view, 11> kRobots = {
        "mailer-daemon", "postmaster",   "noreply", "no-reply", "no_reply", "donotreply",
        "do-not-reply",  "do_not_reply", "bounce",  "bounces",  "listserv"};
    for (auto r : kRobots) {
        if (local == r) return true;
    }
    // "noreply-alerts@", "bounces+123@": a robot prefix followed by a separator.
    for (auto r : {"noreply", "no-reply", "bounce", "bounces", "mailer-daemon"}) {
        const std::string_view p(r);
        if (local.size() > p.size() && local.compare(0, p.size(), p) == 0 &&
            (local[p.size()] == '-' || local[p.size()] == '+' || local[p.size()] == '.' ||
             local[p.size()] == '_'))
            return true;
    }
    return false;
}

}  // namespace

std::optional<std::string> AutomaticReason(const ParsedMail& mail,
                                           const std::vector<std::string>& own_addresses) {
    if (!mail.auto_submitted.empty() && mail.auto_submitted != "no")
        return "Auto-Submitted: " + mail.auto_submitted;
    if (!mail.x_autoreply.empty() && mail.x_autoreply != "no") return "X-Autoreply";
    if (mail.precedence == "bulk" || mail.precedence == "list" || mail.precedence == "junk" ||
        mail.precedence == "auto_reply")
        return "Precedence: " + mail.precedence;
    if (!mail.list_id.empty()) return "List-Id";
    if (mail.delivery_report) return "delivery report";
    const std::string from = mail.from ? NormaliseAddress(mail.from->address) : std::string();
    if (!from.empty() && IsRobot(from)) return "robot sender " + from;
    for (const auto& own : own_addresses) {
        if (!from.empty() && AsciiLower(own) == from) return "own address (mail loop)";
    }
    return std::nullopt;
}

std::optional<std::string> NoAutoReplyReason(const ParsedMail& mail,
                                             const std::vector<std::string>& own_addresses) {
    if (auto automatic = AutomaticReason(mail, own_addresses)) return automatic;
    if (mail.auto_response_suppress) return "X-Auto-Response-Suppress";
    const std::string from = mail.from ? NormaliseAddress(mail.from->address) : std::string();
    if (from.empty()) return "no sender address";
    return std::nullopt;
}

std::string SubjectWithCode(std::string_view subject, std::string_view code) {
    std::string out(subject);
    bool named = false;
    for (std::size_t from = 0;;) {
        const auto found = TrackingCodeIn(std::string_view(out).substr(from));
        if (!found) break;
        // TrackingCodeIn gives the canonical code: find where it starts, case aside.
        std::size_t at = std::string::npos;
        for (std::size_t i = from; i + 11 <= out.size(); ++i) {
            if (requests::NormaliseTrackingCode(std::string_view(out).substr(i, 11)) == *found) {
                at = i;
                break;
            }
        }
        if (at == std::string::npos) break;
        if (*found == code && !named) {
            named = true;
            from = at + 11;
            continue;
        }
        std::size_t begin = at, end = at + 11;
        if (begin > 0 && out[begin - 1] == '[' && end < out.size() && out[end] == ']') {
            --begin;
            ++end;
        }
        while (end < out.size() && out[end] == ' ') ++end;
        while (begin > 0 && out[begin - 1] == ' ' && end == out.size()) --begin;
        out.erase(begin, end - begin);
        from = begin;
    }
    const auto last = out.find_last_not_of(' ');
    out = last == std::string::npos ? std::string() : out.substr(0, last + 1);
    if (!named) out += (out.empty() ? "[" : " [") + std::string(code) + "]";
    return out;
}

std::vector<std::string> ThreadIds(const ParsedMail& mail) {
    std::vector<std::string> ids;
    auto add = [&](const std::string& id) {
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    add(mail.in_reply_to);
    for (auto it = mail.references.rbegin(); it != mail.references.rend(); ++it) add(*it);
    return ids;
}

std::optional<std::string> TrackingCodeIn(std::string_view subject) {
    auto alnum = [&](std::size_t i) {
        return i < subject.size() && std::isalnum(static_cast<unsigned char>(subject[i]));
    };
    for (std::size_t i = 0; i + 11 <= subject.size(); ++i) {
        if (i > 0 && alnum(i - 1)) continue;
        bool shape = true;
        for (std::size_t k = 0; k < 11 && shape; ++k) {
            shape = (k == 3 || k == 7) ? subject[i + k] == '-' : alnum(i + k);
        }
        if (!shape || alnum(i + 11)) continue;
        if (auto code = requests::NormaliseTrackingCode(subject.substr(i, 11))) return code;
    }
    return std::nullopt;
}

}  // namespace guichet::mail
