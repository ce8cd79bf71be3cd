// The answer to "is <place> open <moment>" (answer_context.hpp): the place's state at the
// moment, its day's intervals, its next change, its notices and service, and, when the name was
// ambiguous, every candidate's state. Pure computation on the tenant's cached context.
#include <algorithm>

#include <boost/json.hpp>

#include "knowledge/answer_context.hpp"
#include "knowledge/french_text.hpp"

namespace guichet::knowledge {

using calendar::OhState;
using date::local_days;
using date::local_seconds;

void AnswerPlaceHours(const PlaceHoursQuestion& q, boost::json::object& out) {
    const AnswerContext* context = &q.context;
    const Place* place = &q.place;
    const IntentResult& intent = q.intent;
    const PlaceMatch& match = q.match;
    const Moment& moment = q.moment;
    const TimePoint now = q.now;
    const local_seconds at = q.at;
    const local_days today = q.today;
    const date::time_zone* zone = context->zone;
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
            state_text = s == OhState::kOpen     ? (fem ? "ouverte" : "ouvert")
                         : s == OhState::kClosed ? (fem ? "fermée" : "fermé")
                                                 : (fem ? "peut-être ouverte" : "peut-être ouvert");
        }
        // `feminine` lets the web agree its own words with the name (web/ui/french.ts).
        candidates.push_back({{"id", PublicId(p->external_id, p->id)},
                              {"name", p->name},
                              {"open", open},
                              {"feminine", fem}});
        if (!candidate_text.empty()) candidate_text += i + 1 == match.ids.size() ? " et " : ", ";
        candidate_text += p->name + " (" + state_text + ")";
    }
    out["candidates"] = candidates;

    const calendar::OpeningHours* hours = context->HoursOf(*place);
    if (hours == nullptr) {
        out["text"] = "Les horaires de " + WithArticle(place->name) +
                      " ne sont pas renseignés. Contactez-le" +
                      (place->phone ? " au " + *place->phone : std::string()) + ".";
        out["confidence"] = confidence * 0.8;
        return;
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
            text = subject + " est " + open_word + " " + when + " ; " + Lower(pronoun) + " ferme " +
                   FrenchWhen(*next, today) + ".";
        } else if (!ahead.empty()) {
            text = Capitalised(day_text) + ", " + WithArticle(place->name) + " ferme à " +
                   FrenchClock(ahead.back().second) + " (" + open_word + " " + FrenchRanges(ahead) +
                   ").";
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
            text = Capitalised(day_text) + ", " + WithArticle(place->name) + " est " + open_word +
                   " " + FrenchRanges(day_hours.ranges) + ".";
        }
    } else if (state == OhState::kOpen) {
        text = subject + " est " + open_word + " " + when;
        if (next)
            text +=
                ", jusqu'à " + (date::floor<date::days>(*next) == day ? FrenchClock(*next)
                                                                      : FrenchWhen(*next, today));
        text += ".";
    } else if (state == OhState::kClosed) {
        text = subject + " est " + closed_word + " " + when + ".";
        if (next) text += " " + pronoun + " ouvre " + FrenchWhen(*next, today) + ".";
        if (!day_hours.ranges.empty() && date::floor<date::days>(next.value_or(at)) != day)
            text += " Horaires " + std::string(day == today ? "du jour" : "de ce jour") + " : " +
                    FrenchRanges(day_hours.ranges) + ".";
    } else {
        text = subject + " est peut-être " + open_word + " " + when + " : renseignez-vous" +
               (place->phone ? " au " + *place->phone : std::string()) + ".";
    }
    if (!comment.empty()) text += " (" + comment + ")";
    if (match.ambiguous) {
        text = "Plusieurs lieux correspondent : " + candidate_text +
               ". Précisez lequel vous intéresse. Pour " + WithArticle(place->name) + " : " + text;
        confidence *= 0.6;
    }
    for (const auto& n : notices) text += " Avis : " + std::string(n.as_string()) + ".";
    out["text"] = text;
    out["confidence"] = confidence;
}

std::string AtPlace(const std::string& name) {
    const std::string with = WithArticle(name);
    if (with.rfind("le ", 0) == 0) return "au " + with.substr(3);
    return "à " + with;
}

std::string PlaceComplement(const AnswerContext& context, const Place& place, local_seconds at,
                            local_days today, boost::json::object& out) {
    out["place"] = {{"id", PublicId(place.external_id, place.id)}, {"name", place.name}};
    const calendar::OpeningHours* hours = context.HoursOf(place);
    if (hours == nullptr) return {};
    const local_days day = date::floor<date::days>(at);
    const DayHours day_hours = DayIntervals(*hours, context.OhContextFor(place), day, context.zone);
    out["day_intervals"] = day_hours.json;
    const std::string day_text = day == today ? "aujourd'hui" : FrenchDay(day, today);
    const bool fem = Feminine(place.name);
    if (day_hours.ranges.empty())
        return Capitalised(WithArticle(place.name)) + " est " + (fem ? "fermée" : "fermé") + " " +
               day_text + ".";
    return Capitalised(day_text) + ", " + WithArticle(place.name) + " est " +
           (fem ? "ouverte" : "ouvert") + " " + FrenchRanges(day_hours.ranges) + ".";
}

}  // namespace guichet::knowledge
