// The answer engine's internals, shared by its files (internal to the knowledge module):
//   answer_context.cpp      the tenant context it caches (places with parsed hours, services,
//                           holidays, zone), built by ContextFor, dropped on a change of places
//                           (ChangeFeed) or after kContextTtl; Week.
//   answer_wording.cpp      the French wording of places and times shared by the answers.
//   answer_place_hours.cpp  the answer to "is <place> open <moment>", and a place's hours as the
//                           complement of another answer.
//   answer_agenda.cpp       the answer to "what is on <moment> (<at place>)".
//   answer_service.cpp      Answer: the question read, then agenda, articles and orientation.
// The vocabulary of needs (needs.hpp) and of the agenda (agenda.hpp) is learnt per tenant and
// cached with the context.
// An AnswerContext is immutable once built and shared between threads (shared_ptr<const>).
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <date/tz.h>
#include <boost/json/object.hpp>

#include "calendar/holidays.hpp"
#include "calendar/opening_hours.hpp"
#include "core/result.hpp"
#include "knowledge/agenda.hpp"
#include "knowledge/answer/intent.hpp"
#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/place_matcher.hpp"
#include "knowledge/event_service.hpp"
#include "knowledge/knowledge.hpp"
#include "knowledge/needs.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

// What the answers of one tenant read again and again, built once per kContextTtl.
struct AnswerContext {
    tenancy::Tenant tenant;
    const date::time_zone* zone = nullptr;
    std::unique_ptr<calendar::HolidayCalendar> holidays;
    std::vector<Place> places;
    std::vector<std::optional<calendar::OpeningHours>> hours;  // Parsed, by place index.
    std::unique_ptr<PlaceMatcher> matcher;
    std::vector<tenancy::Service> services;
    std::unique_ptr<NeedsIndex> needs;  // Services and public request types.
    AgendaVocabulary agenda;            // The words of the tenant's events.
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

// ---- Wording (answer_wording.cpp) -----------------------------------------------------------

inline constexpr auto kNextChangeHorizon = date::days(366);

// The id answers give: the imported one when there is one.
std::string PublicId(const std::optional<std::string>& external_id, const std::string& id);
date::local_seconds LocalOf(const date::time_zone* zone, TimePoint t);
std::string Iso(const date::time_zone* zone, date::local_seconds t);
// French adjectives agree with the place's name: "la piscine est ouverte", "le gymnase est
// ouvert". The gender is guessed from the first word of the name, which is how people hear it.
bool Feminine(const std::string& name);
// "la Piscine des Tilleuls", "le Centre aquatique", "l'Hôtel de ville".
std::string WithArticle(const std::string& name);
std::string Lower(std::string text);        // First letter lowered (ASCII).
std::string Capitalised(std::string text);  // First letter raised (ASCII).

struct DayHours {
    std::vector<std::pair<date::local_seconds, date::local_seconds>> ranges;  // Open or unknown.
    boost::json::array json;
};
DayHours DayIntervals(const calendar::OpeningHours& hours, const calendar::OhContext& context,
                      date::local_days day, const date::time_zone* zone);
boost::json::object ServiceJson(const tenancy::Service& s);
// {"from", "to", "label"}: the half-open window [from, to) in local ISO times.
boost::json::object WindowJson(const date::time_zone* zone, TimePoint from, TimePoint to,
                               const std::string& label);

// ---- Opening hours of a place (answer_place_hours.cpp) ----------------------------------------

struct PlaceHoursQuestion {
    const AnswerContext& context;
    const Place& place;  // The best match, one of context.places.
    const IntentResult& intent;
    const PlaceMatch& match;
    const Moment& moment;
    TimePoint now;
    date::local_seconds at;  // When the place is looked at (local).
    date::local_days today;
};
// Writes the answer (place, notices, service, candidates, day_intervals, open, next_change, text,
// confidence) into `out`.
void AnswerPlaceHours(const PlaceHoursQuestion& q, boost::json::object& out);

// A place's hours as the complement of another answer (a need, the agenda): sets `place` and
// `day_intervals` (of the day of `at`) in `out`, and returns one French sentence on that day's
// hours ("Samedi 5 décembre, la médiathèque est ouverte de 10 h à 18 h."), empty when its hours
// are unknown.
std::string PlaceComplement(const AnswerContext& context, const Place& place,
                            date::local_seconds at, date::local_days today,
                            boost::json::object& out);

// "au Centre aquatique", "à la Médiathèque", "à l'Hôtel de ville".
std::string AtPlace(const std::string& name);

// ---- Agenda (answer_agenda.cpp) ----------------------------------------------------------------

struct AgendaQuestion {
    const AnswerContext& context;
    const IntentResult& intent;
    const PlaceMatch& match;
    const Moment& moment;
    std::string_view without_moment;  // search::Fold(question) with the moment's spans blanked.
    TimePoint now;
    date::local_days today;
};
struct AgendaAnswer {
    std::size_t count = 0;           // Occurrences found (the JSON lists at most kMaxEvents).
    std::vector<std::string> words;  // The words the events were filtered on.
    std::string period;              // "samedi 12 décembre", "dans les prochaines semaines".
};
inline constexpr std::size_t kMaxEvents = 10;
// Lists the occurrences of the question's window (at the named place when one is named, on the
// question's event words) into `out`: events, window, place and its day's hours; and, when some
// were found, the text. The caller words the answer when none was found.
Result<AgendaAnswer> AnswerAgenda(EventService& events, std::string_view tenant_id,
                                  const AgendaQuestion& q, boost::json::object& out);

}  // namespace guichet::knowledge
