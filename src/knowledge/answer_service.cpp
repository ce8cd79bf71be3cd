#include "knowledge/answer_service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "knowledge/answer/intent.hpp"
#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/place_matcher.hpp"
#include "knowledge/answer_context.hpp"
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
            {"window", nullptr},
            {"date_unclear", false},
            {"request_type", nullptr}};
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
    const std::string without_moment = BlankMomentSpans(search::Fold(question), moment);
    const PlaceMatch match = context->matcher->Match(without_moment);
    const NeedMatch need = context->needs->Match(without_moment);
    // The tenant's agenda words, but not those that name the place ("le marché des Aulnes
    // vendredi" is about the market place), unless the question asks whether there is one
    // ("y a-t-il un marché samedi": the market as an event, and the place beside it).
    std::string without_place = without_moment;
    if (match.end > match.begin && match.end <= without_place.size() &&
        !AsksWhetherThereIs(without_moment))
        std::fill(without_place.begin() + static_cast<std::ptrdiff_t>(match.begin),
                  without_place.begin() + static_cast<std::ptrdiff_t>(match.end), ' ');
    const TenantCues cues{.agenda = context->agenda.Score(without_place), .need = need.score};
    const IntentResult intent = ClassifyIntent(question, !match.ids.empty(), cues);

    boost::json::object out = EmptyAnswer();
    out["intent"] = IntentName(intent.intent);
    out["confidence"] = intent.confidence;
    // A date or time named but not understood: no window, no state, ask again (a wrong date is
    // worse than no answer). Needs and articles do not depend on it and are answered.
    const bool date_unclear = !moment.unclear.empty();
    if (date_unclear) {
        out["date_unclear"] = true;
        if (intent.intent == Intent::kPlaceHours || intent.intent == Intent::kEvents) {
            out["text"] = "Nous n'avons pas compris la date ou l'heure de votre question : " +
                          moment.unclear +
                          " Pourriez-vous la préciser autrement, par exemple « samedi 12 "
                          "décembre » ou « demain à 15 h » ?";
            out["confidence"] = intent.confidence * 0.5;
            // The place is understood even when its day is not: say which one was heard.
            if (match.ids.size() == 1) {
                if (const Place* p = context->FindPlace(match.ids.front()))
                    out["place"] = {{"id", PublicId(p->external_id, p->id)}, {"name", p->name}};
            }
            return out;
        }
    } else {
        out["window"] = WindowJson(zone, moment.from, moment.to, moment.label);
    }
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
    if (!date_unclear) {
        out["moment"] = Iso(zone, at);
        out["moment_label"] = moment.label;
        out["whole_day"] = moment.whole_day;
    }

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
        GUICHET_TRY(
            agenda,
            AnswerAgenda(events_, tenant_id,
                         {*context, intent, match, moment, without_moment, now, today}, out));
        if (agenda.count == 0) GUICHET_CHECK(search_articles());
        agenda_answered = agenda.count > 0 || best_score() < kArticleScore;
        if (agenda_answered && agenda.count == 0) {
            std::string text = "Nous n'avons trouvé aucun événement correspondant " +
                               agenda.period +
                               ". Consultez l'agenda complet ou posez votre question autrement.";
            // The named place's hours stay useful ("y a-t-il un marché samedi": the market).
            if (!out["place"].is_null() && !out["day_intervals"].as_array().empty()) {
                const Place* p = context->FindPlace(match.ids.front());
                if (p) text += " " + PlaceComplement(*context, *p, at, today, out);
            }
            // The service whose topics the question meets may know more ("une brocante": the
            // markets' service).
            if (need.service) {
                const tenancy::Service& s = context->services[*need.service];
                out["service"] = ServiceJson(s);
                text += " Le service « " + s.name + " » peut vous renseigner" +
                        (s.phone ? " au " + *s.phone : std::string()) + ".";
            }
            out["text"] = text;
            out["confidence"] = intent.confidence * 0.5;
        }
        if (agenda_answered) {
            if (agenda.count > 0) GUICHET_CHECK(add_beside(out, agenda.words));
            return out;
        }
        // Falls through to the articles below: the agenda's findings are not the answer.
        out["events"] = boost::json::array();
        out["place"] = nullptr;
        out["day_intervals"] = boost::json::array();
        if (!date_unclear) out["window"] = WindowJson(zone, moment.from, moment.to, moment.label);
    }

    // ---- Articles and orientation ------------------------------------------------------------
    GUICHET_CHECK(search_articles());
    const search::Results& results = *searched;
    const double best = best_score();
    boost::json::array articles;
    for (const auto& hit : results.hits) articles.push_back(ArticleJson(hit));
    out["articles"] = articles;
    if (results.suggestion) out["suggestion"] = *results.suggestion;

    // The service in charge: the one whose topics, descriptions and request types the question's
    // words meet best (NeedsIndex), else the crude topic match of before.
    const tenancy::Service* service = nullptr;
    double service_score = 0;
    // (NeedsIndex: stems, synonyms, the place complement weighing less.)
    if (need.service) {
        service = &context->services[*need.service];
        service_score = need.score;
    }
    if (service) out["service"] = ServiceJson(*service);
    // The public request type that fits the need, when the service has one.
    const OfferedRequestType* request_type =
        need.service && need.request_type ? &context->needs->request_types()[*need.request_type]
                                          : nullptr;

    const bool has_article = !results.hits.empty() && best >= kArticleScore;
    std::string text;
    double confidence = intent.confidence;
    auto offer = [&](std::string& sentence) {
        out["offer_request"] = true;
        if (request_type == nullptr) {
            sentence += " Vous pouvez aussi lui adresser votre demande.";
            return;
        }
        out["request_type"] = {{"id", request_type->id}, {"name", request_type->name}};
        sentence += " Vous pouvez faire votre demande en ligne : « " + request_type->name + " ».";
    };
    if (intent.intent == Intent::kOrientation && service) {
        out["intent"] = "orientation";
        text = "Le service « " + service->name + " » s'en occupe";
        if (service->phone || service->email) {
            text += " : ";
            if (service->phone) text += *service->phone;
            if (service->phone && service->email) text += ", ";
            if (service->email) text += *service->email;
        }
        text += ".";
        offer(text);
        confidence = std::max(confidence, std::min(1.0, 0.4 + 0.2 * service_score));
        // The place the question mentions, its hours as a complement only.
        if (!match.ids.empty() && !match.ambiguous && !date_unclear) {
            if (const Place* p = context->FindPlace(match.ids.front())) {
                const std::string hours = PlaceComplement(*context, *p, at, today, out);
                if (!hours.empty()) text += " À savoir : " + Lower(hours);
            }
        }
    } else if (has_article) {
        out["intent"] = "article";
        text = "Voici ce qui répond le mieux à votre question : « " + results.hits.front().title +
               " ».";
        if (service) text += " Le service « " + service->name + " » peut vous renseigner.";
        confidence = std::max(confidence * 0.5, best);
    } else if (service) {
        out["intent"] = "orientation";
        text = "Le service « " + service->name + " » peut vous renseigner" +
               (service->phone ? " au " + *service->phone : std::string()) + ".";
        offer(text);
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
