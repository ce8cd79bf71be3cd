#include "knowledge/answer_service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "knowledge/answer/intent.hpp"
#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/place_matcher.hpp"
#include "knowledge/answer_context.hpp"
#include "knowledge/french_text.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {

using date::local_days;
using date::local_seconds;

namespace {

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
            {"offer_request", false},
            {"date_unclear", false},
            {"window", nullptr}};
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
    if (!moment.unclear.empty()) {  // A date not understood: never answer for another day.
        boost::json::object unclear = EmptyAnswer();
        unclear["date_unclear"] = true;
        unclear["text"] = "Je n'ai pas compris la date de votre question : " + moment.unclear +
                          " Pouvez-vous indiquer le jour autrement, par exemple « samedi 12 "
                          "décembre à 15 h » ?";
        return unclear;
    }
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
    out["window"] = {{"from", Iso(zone, LocalOf(zone, moment.from))},
                     {"to", Iso(zone, LocalOf(zone, moment.to))},
                     {"label", moment.label}};
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
        AnswerPlaceHours({*context, *place, intent, match, moment, now, at, today}, out);
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
