#include "knowledge/answer_service.hpp"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "calendar/holidays.hpp"
#include "calendar/hours_query.hpp"
#include "calendar/opening_hours.hpp"
#include "knowledge/answer/intent.hpp"
#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/place_matcher.hpp"
#include "knowledge/french_text.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {

using calendar::OhState;
using date::local_days;
using date::local_seconds;

namespace {

// The words a service answers to, stemmed crudely to their first six letters so that
// "encombrants" meets "encombrant": its topics and name fully, its description a little.
struct ServiceTerms {
    std::set<std::string> topic, description;
};

std::string Stem6(const std::string& w) { return w.substr(0, std::min<std::size_t>(w.size(), 6)); }

ServiceTerms TermsOf(const tenancy::Service& s) {
    ServiceTerms t;
    for (const auto& topic : s.topics)
        for (const auto& w : search::FoldedWords(topic))
            if (w.size() >= 3) t.topic.insert(Stem6(w));
    for (const auto& w : search::FoldedWords(s.name))
        if (w.size() >= 4) t.topic.insert(Stem6(w));
    for (const auto& w : search::FoldedWords(s.description))
        if (w.size() >= 5) t.description.insert(Stem6(w));
    return t;
}

}  // namespace

struct AnswerService::TenantContext {
    tenancy::Tenant tenant;
    const date::time_zone* zone = nullptr;
    std::unique_ptr<calendar::HolidayCalendar> holidays;
    std::vector<Place> places;
    std::vector<std::optional<calendar::OpeningHours>> hours;  // Parsed, by place index.
    std::unique_ptr<PlaceMatcher> matcher;
    std::vector<tenancy::Service> services;
    std::vector<ServiceTerms> service_terms;  // By service index.
    std::chrono::steady_clock::time_point built;

    const Place* FindPlace(const std::string& id) const {
        for (const auto& p : places)
            if (p.id == id) return &p;
        return nullptr;
    }
    const calendar::OpeningHours* HoursOf(const Place& p) const {
        const auto i = static_cast<std::size_t>(&p - places.data());
        return i < hours.size() && hours[i] ? &*hours[i] : nullptr;
    }
    const tenancy::Service* FindService(const std::optional<std::string>& id) const {
        if (!id) return nullptr;
        for (const auto& s : services)
            if (s.id == *id) return &s;
        return nullptr;
    }
    calendar::OhContext OhContextFor(const Place& p) const {
        return {holidays.get(), zone, p.lat, p.lon};
    }
};

namespace {

constexpr auto kNextChangeHorizon = date::days(366);

std::string PublicId(const std::optional<std::string>& external_id, const std::string& id) {
    return external_id ? *external_id : id;
}

local_seconds LocalOf(const date::time_zone* zone, TimePoint t) {
    return zone->to_local(date::floor<std::chrono::seconds>(t));
}

std::string Iso(const date::time_zone* zone, local_seconds t) {
    return calendar::FormatLocal(t, *zone);
}

// French adjectives agree with the place's name: "la piscine est ouverte", "le gymnase est
// ouvert". The gender is guessed from the first word of the name, which is how people hear it.
bool Feminine(const std::string& name) {
    static const std::set<std::string> feminine = {
        "piscine",     "mediatheque", "bibliotheque", "ludotheque", "mairie",      "maison",
        "agence",      "decheterie",  "dechetterie",  "creche",     "salle",       "halle",
        "police",      "residence",   "ecole",        "permanence", "cite",        "ferme",
        "caisse",      "maternelle",  "poste",        "direction",  "piste",       "patinoire",
        "association", "mission",     "plateforme",   "antenne",    "capitainerie"};
    auto words = search::FoldedWords(name);
    return !words.empty() && feminine.count(words.front()) > 0;
}

std::string WithArticle(const std::string& name) {
    // "la Piscine des Tilleuls", "le Centre aquatique", "l'Hôtel de ville".
    auto words = search::FoldedWords(name);
    if (words.empty()) return name;
    const char first = words.front()[0];
    if (std::string("aeiouyh").find(first) != std::string::npos) return "l'" + name;
    return (Feminine(name) ? "la " : "le ") + name;
}

std::string Lower(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] + 32);
    return text;
}

std::string Capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 32);
    return text;
}

struct DayHours {
    std::vector<std::pair<local_seconds, local_seconds>> ranges;  // Open or unknown.
    boost::json::array json;
};

DayHours DayIntervals(const calendar::OpeningHours& hours, const calendar::OhContext& context,
                      local_days day, const date::time_zone* zone) {
    DayHours out;
    for (const auto& i :
         hours.Intervals(local_seconds(day), local_seconds(day + date::days(1)), context)) {
        out.ranges.emplace_back(i.from, i.to);
        out.json.push_back(boost::json::array{Iso(zone, i.from), Iso(zone, i.to)});
    }
    return out;
}

boost::json::object ServiceJson(const tenancy::Service& s) {
    return {{"id", PublicId(s.external_id, s.id)},
            {"name", s.name},
            {"phone", s.phone ? boost::json::value(*s.phone) : nullptr},
            {"email", s.email ? boost::json::value(*s.email) : nullptr}};
}

boost::json::object EmptyAnswer() {
    return {{"intent", "unknown"},
            {"text", ""},
            {"confidence", 0.0},
            {"place", nullptr},
            {"moment", nullptr},
            {"moment_label", nullptr},
            {"whole_day", true},
            {"open", nullptr},
            {"day_intervals", boost::json::array()},
            {"next_change", nullptr},
            {"events", boost::json::array()},
            {"articles", boost::json::array()},
            {"service", nullptr},
            {"candidates", boost::json::array()},
            {"notices", boost::json::array()},
            {"suggestion", nullptr},
            {"offer_request", false}};
}

// How the intents combine with the knowledge base (tests/eval/answers measures them):
// an article whose relevance for the whole question reaches kArticleScore answers it on its own
// when the agenda finds nothing (never « aucun événement » when a fiche answers); the article
// whose relevance for the words an hours or agenda answer leaves out (ResidualWords) reaches
// kBesideScore is shown beside that answer. The relevance is the search's (the share of the
// query's weight an article matches), so the rule is the same for every question, whatever its
// words.
constexpr double kArticleScore = 0.3;
constexpr double kBesideScore = 0.5;

boost::json::object ArticleJson(const search::Hit& hit) {
    return {{"id", hit.external_id.empty() ? hit.id : hit.external_id},
            {"title", hit.title},
            {"snippet", hit.snippet},
            {"score", hit.score}};
}

double ServiceScore(const ServiceTerms& terms, const std::vector<std::string>& words) {
    double score = 0;
    for (const auto& w : words) {
        if (w.size() < 3) continue;
        const std::string k = Stem6(w);
        if (terms.topic.count(k))
            score += 1.0;
        else if (terms.description.count(k))
            score += 0.25;
    }
    return score;
}

}  // namespace

AnswerService::AnswerService(const Clock& clock, tenancy::TenancyService& tenancy,
                             PlaceService& places, EventService& events, ArticleService& articles)
    : clock_(clock), tenancy_(tenancy), places_(places), events_(events), articles_(articles) {}

AnswerService::~AnswerService() = default;

void AnswerService::Invalidate(std::string_view tenant_id) {
    std::lock_guard lock(mutex_);
    auto it = contexts_.find(tenant_id);
    if (it != contexts_.end()) contexts_.erase(it);
}

Result<std::shared_ptr<const AnswerService::TenantContext>> AnswerService::ContextFor(
    std::string_view tenant_id) {
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto it = contexts_.find(tenant_id);
        if (it != contexts_.end() && now - it->second->built < kContextTtl) return it->second;
    }
    auto context = std::make_shared<TenantContext>();
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    context->tenant = std::move(tenant);
    try {
        context->zone = date::locate_zone(context->tenant.timezone);
    } catch (const std::exception& e) {
        return Fail(ErrorCode::kInternal, "Fuseau horaire inconnu.", e.what());
    }
    GUICHET_TRY(rules, tenancy_.HolidayRulesFor(tenant_id));
    context->holidays = std::make_unique<calendar::HolidayCalendar>(std::move(rules));
    GUICHET_TRY(places, places_.List(tenant_id));
    context->places = std::move(places);
    std::vector<PlaceName> names;
    for (const auto& p : context->places) {
        names.push_back({p.id, p.name, p.type});
        auto parsed = calendar::OpeningHours::Parse(p.opening_hours);
        context->hours.push_back(p.opening_hours.empty() || !parsed
                                     ? std::nullopt
                                     : std::optional<calendar::OpeningHours>(std::move(*parsed)));
    }
    context->matcher = std::make_unique<PlaceMatcher>(std::move(names));
    GUICHET_TRY(services, tenancy_.ListServices(tenant_id));
    context->services = std::move(services);
    for (const auto& service : context->services)
        context->service_terms.push_back(TermsOf(service));
    context->built = now;
    std::lock_guard lock(mutex_);
    contexts_[std::string(tenant_id)] = context;
    return std::shared_ptr<const TenantContext>(context);
}

Result<PlaceWeek> AnswerService::Week(std::string_view tenant_id, const Place& place, int days) {
    GUICHET_TRY(context, ContextFor(tenant_id));
    PlaceWeek week;
    auto parsed = calendar::OpeningHours::Parse(place.opening_hours);
    if (place.opening_hours.empty() || !parsed) {
        week.state = "unknown";
        return week;
    }
    const calendar::OhContext oh = context->OhContextFor(place);
    const local_seconds now = LocalOf(context->zone, clock_.Now());
    const local_days today = date::floor<date::days>(now);
    auto [state, comment] = parsed->StateAt(now, oh);
    week.state = std::string(calendar::StateName(state));
    if (!comment.empty()) week.comment = comment;
    for (const auto& i :
         parsed->Intervals(local_seconds(today),
                           local_seconds(today + date::days(std::clamp(days, 1, 62))), oh)) {
        week.intervals.emplace_back(Iso(context->zone, i.from), Iso(context->zone, i.to));
    }
    if (auto next = parsed->NextChange(now, oh, now + kNextChangeHorizon))
        week.next_change = Iso(context->zone, *next);
    return week;
}

Result<boost::json::object> AnswerService::Answer(std::string_view tenant_id,
                                                  const AnswerRequest& request) {
    std::string question = request.question;
    if (question.find_first_not_of(" \t\r\n?") == std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument, "Posez une question (paramètre q).", "empty q",
                    "invalid-parameter");
    }
    if (question.size() > 500) {
        return Fail(ErrorCode::kInvalidArgument, "La question dépasse 500 caractères.",
                    "q too long", "invalid-parameter");
    }
    GUICHET_TRY(context, ContextFor(tenant_id));
    const date::time_zone* zone = context->zone;
    const TimePoint now = request.at.value_or(clock_.Now());
    const local_days today = date::floor<date::days>(LocalOf(zone, now));

    GUICHET_TRY(moment,
                ParseMoment(question, now, zone, context->holidays->rules().school_holidays));
    const std::string without_moment = BlankMomentSpans(search::Fold(question), moment);
    const PlaceMatch match = context->matcher->Match(without_moment);
    const IntentResult intent = ClassifyIntent(question, !match.ids.empty());

    boost::json::object out = EmptyAnswer();
    // When is the place looked at: the moment's instant; but "à quelle heure ferme… ce soir"
    // asked before the evening is about the whole window, so look from its start (or from now,
    // when now is inside it) and let the next change say when it closes or opens.
    local_seconds at = LocalOf(zone, moment.at);
    if (moment.asks_closing || moment.asks_opening) {
        const local_seconds now_local = LocalOf(zone, now);
        const local_seconds window_from = LocalOf(zone, moment.from);
        const local_seconds window_to = LocalOf(zone, moment.to);
        at = now_local >= window_from && now_local < window_to ? now_local : window_from;
    }
    out["moment"] = Iso(zone, at);
    out["moment_label"] = moment.label;
    out["whole_day"] = moment.whole_day;
    out["intent"] = IntentName(intent.intent);
    out["confidence"] = intent.confidence;

    // The knowledge base is asked whatever the intent. Beside an hours or agenda answer, the
    // article answers what that answer leaves out: the
    // question's words that are not the place, the moment, the hours or agenda cues, nor (with
    // events found) the words the agenda matched. Asked only when such words remain.
    auto add_beside = [&](boost::json::object& answer,
                          const std::vector<std::string>& answered) -> Result<void> {
        std::string rest = without_moment;
        if (match.end > match.begin && match.end <= rest.size())
            std::fill(rest.begin() + static_cast<std::ptrdiff_t>(match.begin),
                      rest.begin() + static_cast<std::ptrdiff_t>(match.end), ' ');
        std::string residual;
        for (const auto& word : ResidualWords(rest))
            if (std::find(answered.begin(), answered.end(), word) == answered.end())
                residual += (residual.empty() ? "" : " ") + word;
        if (residual.empty()) return {};
        GUICHET_TRY(beside,
                    articles_.Search(tenant_id, {.text = residual,
                                                 .limit = 1,
                                                 .include_internal = request.include_internal,
                                                 .prefix = false}));
        if (beside.hits.empty() || beside.hits.front().score < kBesideScore) return {};
        answer["articles"] = boost::json::array{ArticleJson(beside.hits.front())};
        answer["text"] = std::string(answer["text"].as_string()) + " À lire aussi : la fiche « " +
                         beside.hits.front().title + " ».";
        return {};
    };

    // ---- Opening hours of a place ----------------------------------------------------------
    if (intent.intent == Intent::kPlaceHours && !match.ids.empty()) {
        const Place* place = context->FindPlace(match.ids.front());
        if (place == nullptr) return Fail(ErrorCode::kInternal, "Lieu introuvable.");
        out["place"] = {{"id", PublicId(place->external_id, place->id)}, {"name", place->name}};
        double confidence = std::min(intent.confidence, match.confidence);

        boost::json::array notices;
        for (const auto& n : place->notices) {
            if ((n.starts && *n.starts > now) || (n.ends && *n.ends <= now)) continue;
            notices.emplace_back(n.message);
        }
        out["notices"] = notices;
        if (const tenancy::Service* s = context->FindService(place->service_id))
            out["service"] = ServiceJson(*s);

        // Every candidate's state, so that an ambiguous question is answered for each.
        boost::json::array candidates;
        std::string candidate_text;
        for (std::size_t i = 0; i < match.ids.size() && match.ambiguous; ++i) {
            const Place* p = context->FindPlace(match.ids[i]);
            if (p == nullptr) continue;
            const calendar::OpeningHours* h = context->HoursOf(*p);
            boost::json::value open = nullptr;
            std::string state_text = "horaires inconnus";
            const bool fem = Feminine(p->name);
            if (h) {
                const OhState s = h->StateAt(at, context->OhContextFor(*p)).first;
                if (s != OhState::kUnknown) open = s == OhState::kOpen;
                state_text = s == OhState::kOpen ? (fem ? "ouverte" : "ouvert")
                             : s == OhState::kClosed
                                 ? (fem ? "fermée" : "fermé")
                                 : (fem ? "peut-être ouverte" : "peut-être ouvert");
            }
            // `feminine` lets the web agree its own words with the name (web/ui/french.ts).
            candidates.push_back({{"id", PublicId(p->external_id, p->id)},
                                  {"name", p->name},
                                  {"open", open},
                                  {"feminine", fem}});
            if (!candidate_text.empty())
                candidate_text += i + 1 == match.ids.size() ? " et " : ", ";
            candidate_text += p->name + " (" + state_text + ")";
        }
        out["candidates"] = candidates;

        const calendar::OpeningHours* hours = context->HoursOf(*place);
        if (hours == nullptr) {
            out["text"] = "Les horaires de " + WithArticle(place->name) +
                          " ne sont pas renseignés. Contactez-le" +
                          (place->phone ? " au " + *place->phone : std::string()) + ".";
            out["confidence"] = confidence * 0.8;
            GUICHET_CHECK(add_beside(out, {}));
            return out;
        }
        const calendar::OhContext oh = context->OhContextFor(*place);
        const auto [state, comment] = hours->StateAt(at, oh);
        const local_days day = date::floor<date::days>(at);
        DayHours day_hours = DayIntervals(*hours, oh, day, zone);
        out["day_intervals"] = day_hours.json;
        if (state != OhState::kUnknown) out["open"] = state == OhState::kOpen;
        auto next = hours->NextChange(at, oh, at + kNextChangeHorizon);
        if (next) out["next_change"] = Iso(zone, *next);

        const std::string subject = Capitalised(WithArticle(place->name));
        const bool fem = Feminine(place->name);
        const std::string open_word = fem ? "ouverte" : "ouvert";
        const std::string closed_word = fem ? "fermée" : "fermé";
        const std::string day_text = day == today ? "aujourd'hui" : FrenchDay(day, today);
        const std::string pronoun = fem ? "Elle" : "Il";
        const std::string when =
            moment.kind == Moment::Kind::kNow ? std::string("en ce moment") : moment.label;
        // The day's ranges that end after `at`: what is still to come that day.
        std::vector<std::pair<local_seconds, local_seconds>> ahead;
        for (const auto& r : day_hours.ranges)
            if (r.second > at) ahead.push_back(r);
        std::string text;
        if (moment.asks_closing) {
            if (state == OhState::kOpen && next) {
                text = subject + " est " + open_word + " " + when + " ; " + Lower(pronoun) +
                       " ferme " + FrenchWhen(*next, today) + ".";
            } else if (!ahead.empty()) {
                text = Capitalised(day_text) + ", " + WithArticle(place->name) + " ferme à " +
                       FrenchClock(ahead.back().second) + " (" + open_word + " " +
                       FrenchRanges(ahead) + ").";
            } else {
                text = subject + " est " + closed_word + " " + day_text + ".";
                if (next) text += " " + pronoun + " ouvre " + FrenchWhen(*next, today) + ".";
            }
        } else if (moment.asks_opening) {
            if (state == OhState::kOpen) {
                text = subject + " est déjà " + open_word + " " + when +
                       (next ? ", jusqu'à " + FrenchWhen(*next, today) : std::string()) + ".";
            } else if (next) {
                text = subject + " ouvre " + FrenchWhen(*next, today) + ".";
            } else {
                text = subject + " n'a pas d'ouverture prévue dans l'année qui vient.";
            }
        } else if (moment.whole_day && moment.kind != Moment::Kind::kNow) {
            // "Samedi 5 décembre, la médiathèque est ouverte de 10 h à 12 h et de 14 h à 18 h."
            if (day_hours.ranges.empty()) {
                text = subject + " est " + closed_word + " " + day_text + ".";
                if (next && state == OhState::kClosed)
                    text += " Prochaine ouverture : " + FrenchWhen(*next, today) + ".";
            } else {
                text = Capitalised(day_text) + ", " + WithArticle(place->name) + " est " +
                       open_word + " " + FrenchRanges(day_hours.ranges) + ".";
            }
        } else if (state == OhState::kOpen) {
            text = subject + " est " + open_word + " " + when;
            if (next)
                text += ", jusqu'à " + (date::floor<date::days>(*next) == day
                                            ? FrenchClock(*next)
                                            : FrenchWhen(*next, today));
            text += ".";
        } else if (state == OhState::kClosed) {
            text = subject + " est " + closed_word + " " + when + ".";
            if (next) text += " " + pronoun + " ouvre " + FrenchWhen(*next, today) + ".";
            if (!day_hours.ranges.empty() && date::floor<date::days>(next.value_or(at)) != day)
                text += " Horaires " + std::string(day == today ? "du jour" : "de ce jour") +
                        " : " + FrenchRanges(day_hours.ranges) + ".";
        } else {
            text = subject + " est peut-être " + open_word + " " + when + " : renseignez-vous" +
                   (place->phone ? " au " + *place->phone : std::string()) + ".";
        }
        if (!comment.empty()) text += " (" + comment + ")";
        if (match.ambiguous) {
            text = "Plusieurs lieux correspondent : " + candidate_text +
                   ". Précisez lequel vous intéresse. Pour " + WithArticle(place->name) + " : " +
                   text;
            confidence *= 0.6;
        }
        for (const auto& n : notices) text += " Avis : " + std::string(n.as_string()) + ".";
        out["text"] = text;
        out["confidence"] = confidence;
        GUICHET_CHECK(add_beside(out, {}));
        return out;
    }

    // The articles for the whole question: the answer to an article question, and to an agenda
    // question the agenda cannot answer ("où se garer pendant le marché de Noël ?"). Searched
    // only when needed: an agenda answer with events does without it.
    std::optional<search::Results> searched;
    auto search_articles = [&]() -> Result<void> {
        if (searched) return {};
        GUICHET_TRY(found,
                    articles_.Search(tenant_id, {.text = question,
                                                 .limit = 5,
                                                 .include_internal = request.include_internal,
                                                 .prefix = false}));
        searched = std::move(found);
        return {};
    };
    auto best_score = [&] {
        return searched && !searched->hits.empty() ? searched->hits.front().score : 0.0;
    };

    // ---- Agenda ----------------------------------------------------------------------------
    // An agenda question the agenda cannot answer goes to the article that does, if any.
    bool agenda_answered = false;
    if (intent.intent == Intent::kEvents) {
        TimePoint from = moment.explicit_time ? moment.from : now;
        TimePoint to = moment.explicit_time
                           ? moment.to
                           : now + date::days(intent.event_query.next_only ? 366 : 31);
        if (moment.explicit_time && moment.from < now && moment.to > now) from = now;
        GUICHET_TRY(agenda, events_.Occurrences(tenant_id, from, to));
        std::vector<std::string> words = intent.event_query.words;
        const Place* at_place = match.ids.empty() ? nullptr : context->FindPlace(match.ids.front());
        boost::json::array events;
        std::string listed;
        std::size_t count = 0;
        for (const Occurrence& o : agenda.occurrences) {
            const Event& e = agenda.events[o.event];
            if (at_place && !match.ambiguous && e.place_id != at_place->id) continue;
            if (!words.empty()) {
                // Every content word must appear in the title, the category or the description.
                const std::string hay =
                    search::Fold(e.title + " " + e.category + " " + e.description);
                bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
                    const std::string key = w.substr(0, std::min<std::size_t>(w.size(), 6));
                    return hay.find(key) != std::string::npos;
                });
                if (!all) continue;
            }
            const Place* p = e.place_id ? context->FindPlace(*e.place_id) : nullptr;
            events.push_back({{"id", PublicId(e.external_id, e.id)},
                              {"title", e.title},
                              {"start", Iso(zone, LocalOf(zone, o.start))},
                              {"end", Iso(zone, LocalOf(zone, o.end))},
                              {"place_id", p ? boost::json::value(PublicId(p->external_id, p->id))
                                             : boost::json::value(nullptr)},
                              {"place_name", p ? boost::json::value(p->name) : nullptr},
                              {"category", e.category}});
            if (count < 3) {
                if (!listed.empty()) listed += " ; ";
                // The place, unless the title already names it ("Marché du Centre").
                const bool named = p && p->name.rfind(e.title, 0) == 0;
                listed += e.title + " (" + FrenchWhen(LocalOf(zone, o.start), today) +
                          (p && !named ? ", " + p->name : std::string()) + ")";
            }
            ++count;
            if (intent.event_query.next_only || count >= 20) break;
        }
        out["events"] = events;
        const std::string period =
            moment.explicit_time ? moment.label : "dans les prochaines semaines";
        if (count == 0) GUICHET_CHECK(search_articles());
        agenda_answered = count > 0 || best_score() < kArticleScore;
        if (!agenda_answered) {
            // Falls through to the articles below.
        } else if (count == 0) {
            out["text"] = "Nous n'avons trouvé aucun événement correspondant " + period +
                          ". Consultez l'agenda complet ou posez votre question autrement.";
            out["confidence"] = intent.confidence * 0.5;
        } else if (intent.event_query.next_only) {
            out["text"] = "Prochain rendez-vous : " + listed + ".";
        } else {
            out["text"] = Capitalised(period) + " : " + listed +
                          (count > 3 ? " et " + std::to_string(count - 3) + " autre" +
                                           (count - 3 > 1 ? "s" : "") + " événement" +
                                           (count - 3 > 1 ? "s" : "")
                                     : std::string()) +
                          ".";
        }
        if (agenda_answered) {
            if (count > 0) GUICHET_CHECK(add_beside(out, words));
            return out;
        }
    }

    // ---- Articles and orientation ------------------------------------------------------------
    GUICHET_CHECK(search_articles());
    const search::Results& results = *searched;
    const double best = best_score();
    boost::json::array articles;
    for (const auto& hit : results.hits) articles.push_back(ArticleJson(hit));
    out["articles"] = articles;
    if (results.suggestion) out["suggestion"] = *results.suggestion;

    std::vector<std::string> words = intent.content_words;
    if (words.empty()) words = search::FoldedWords(question);
    const tenancy::Service* service = nullptr;
    double service_score = 0;
    for (std::size_t i = 0; i < context->services.size(); ++i) {
        const double score = ServiceScore(context->service_terms[i], words);
        if (score > service_score) {
            service_score = score;
            service = &context->services[i];
        }
    }
    if (service_score < 1.0) service = nullptr;
    if (service) out["service"] = ServiceJson(*service);

    const bool has_article = !results.hits.empty() && best >= kArticleScore;
    std::string text;
    double confidence = intent.confidence;
    if (intent.intent == Intent::kOrientation && service) {
        out["intent"] = "orientation";
        text = "Le service « " + service->name + " » s'en occupe";
        if (service->phone || service->email) {
            text += " : ";
            if (service->phone) text += *service->phone;
            if (service->phone && service->email) text += ", ";
            if (service->email) text += *service->email;
        }
        text += ". Vous pouvez aussi lui adresser votre demande.";
        out["offer_request"] = true;
        confidence = std::max(confidence, std::min(1.0, 0.4 + 0.2 * service_score));
    } else if (has_article) {
        out["intent"] = "article";
        text = "Voici ce qui répond le mieux à votre question : « " + results.hits.front().title +
               " ».";
        if (service) text += " Le service « " + service->name + " » peut vous renseigner.";
        confidence = std::max(confidence * 0.5, best);
    } else if (service) {
        out["intent"] = "orientation";
        text = "Le service « " + service->name + " » peut vous renseigner" +
               (service->phone ? " au " + *service->phone : std::string()) +
               ". Vous pouvez aussi lui adresser votre demande.";
        out["offer_request"] = true;
        confidence = std::min(0.6, 0.3 + 0.15 * service_score);
    } else {
        out["intent"] = "unknown";
        text =
            "Nous ne sommes pas sûrs d'avoir compris votre question. Reformulez-la, ou "
            "faites une demande : un agent vous répondra.";
        if (!results.hits.empty())
            text =
                "Nous ne sommes pas sûrs de la réponse ; ces fiches peuvent vous aider. "
                "Sinon, faites une demande : un agent vous répondra.";
        if (results.suggestion) text += " Vouliez-vous dire « " + *results.suggestion + " » ?";
        out["offer_request"] = true;
        confidence = std::min(0.3, best);
    }
    if (!match.ids.empty() && out["place"].is_null()) {
        if (const Place* p = context->FindPlace(match.ids.front()))
            out["place"] = {{"id", PublicId(p->external_id, p->id)}, {"name", p->name}};
    }
    out["text"] = text;
    out["confidence"] = confidence;
    return out;
}

}  // namespace guichet::knowledge
