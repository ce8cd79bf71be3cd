// The answer to an agenda question (answer_context.hpp): "qu'y a-t-il de prévu demain soir",
// "les spectacles du théâtre en mars", "y a-t-il un marché samedi".
//
// The window is the moment's when the question names one (from now when now is inside it), else
// the weeks to come (a year for "le prochain …"). The occurrences overlapping it (recurrences
// expanded, exceptions left out: EventService::Occurrences) are kept when they are at the named
// place (if the question names one unambiguously) and when every filter word (AgendaFilterWords:
// what the question says of the event, not the moment, the place or generic agenda words) is in
// the event's title, category or description; when no event has them all and each is a word of
// the tenant's agenda, one of them. When a named place has no such event but other
// places do ("le marché de Noël" where a market place is also named "marché"), the place's words
// become filter words instead. The named place is given beside the events with its hours on the
// moment's day: a recurring event may also be a place (a market).
#include <algorithm>

#include <boost/json.hpp>

#include "knowledge/answer_context.hpp"
#include "knowledge/french_text.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {

namespace {

// Every word (`all`) or one of them is in the event's title, category or description.
bool HasWords(const Event& e, const std::vector<std::string>& words, bool all) {
    const std::string hay = search::Fold(e.title + " " + e.category + " " + e.description);
    auto has = [&](const std::string& w) {
        // Six letters: "concerts" meets "concert", "expositions" meets "exposition"; five for
        // long words, so that "enfants" meets "enfance".
        const std::size_t keep = w.size() >= 7 ? 5 : 6;
        const std::string key = w.substr(0, std::min<std::size_t>(w.size(), keep));
        return hay.find(key) != std::string::npos;
    };
    return words.empty() || (all ? std::all_of(words.begin(), words.end(), has)
                                 : std::any_of(words.begin(), words.end(), has));
}

std::string Plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n > 1 ? "s" : "");
}

}  // namespace

Result<AgendaAnswer> AnswerAgenda(EventService& events, std::string_view tenant_id,
                                  const AgendaQuestion& q, boost::json::object& out) {
    const AnswerContext& context = q.context;
    const Moment& moment = q.moment;
    const date::time_zone* zone = context.zone;
    const bool next_only = q.intent.event_query.next_only;
    const TimePoint window_from = moment.explicit_time ? moment.from : q.now;
    const TimePoint window_to =
        moment.explicit_time ? moment.to : q.now + date::days(next_only ? 366 : 31);
    const TimePoint from = window_from < q.now && window_to > q.now ? q.now : window_from;
    AgendaAnswer answer;
    answer.period = moment.explicit_time ? moment.label : "dans les prochaines semaines";
    out["window"] = WindowJson(zone, window_from, window_to, answer.period);
    GUICHET_TRY(agenda, events.Occurrences(tenant_id, from, window_to));

    // The named place, and the words of the question without it.
    const PlaceMatch& match = q.match;
    const Place* at_place =
        match.ids.empty() || match.ambiguous ? nullptr : context.FindPlace(match.ids.front());
    std::string without_place(q.without_moment);
    if (match.end > match.begin && match.end <= without_place.size())
        std::fill(without_place.begin() + static_cast<std::ptrdiff_t>(match.begin),
                  without_place.begin() + static_cast<std::ptrdiff_t>(match.end), ' ');
    const auto place_words = AgendaFilterWords(without_place, context.agenda);
    // Events with every filter word; when none has them all ("des spectacles pour enfants"
    // where no show is for children), those with one of them.
    bool all_words = true;
    auto kept = [&](const Event& e, const Place* place, const std::vector<std::string>& words) {
        return (place == nullptr || e.place_id == place->id) && HasWords(e, words, all_words);
    };
    auto any_kept = [&](const Place* place, const std::vector<std::string>& words) {
        return std::any_of(
            agenda.occurrences.begin(), agenda.occurrences.end(),
            [&](const Occurrence& o) { return kept(agenda.events[o.event], place, words); });
    };
    // An ambiguous place ("le marché" with two markets) is a word of the event rather than a
    // place: its words stay filter words.
    const Place* filter_place = at_place;
    answer.words =
        at_place != nullptr ? place_words : AgendaFilterWords(q.without_moment, context.agenda);
    if (at_place != nullptr && !any_kept(filter_place, answer.words)) {
        filter_place = nullptr;
        answer.words = AgendaFilterWords(q.without_moment, context.agenda);
    }
    // Only when each word is an agenda word of the tenant: "où se garer pendant le marché de
    // Noël" is not about any market event but about parking (an article may answer it).
    const bool known = std::all_of(answer.words.begin(), answer.words.end(),
                                   [&](const std::string& w) { return context.agenda.Knows(w); });
    if (answer.words.size() >= 2 && known && !any_kept(filter_place, answer.words))
        all_words = false;

    boost::json::array listed_json;
    std::string listed;
    for (const Occurrence& o : agenda.occurrences) {
        const Event& e = agenda.events[o.event];
        if (!kept(e, filter_place, answer.words)) continue;
        ++answer.count;
        if (listed_json.size() < kMaxEvents) {
            const Place* p = e.place_id ? context.FindPlace(*e.place_id) : nullptr;
            listed_json.push_back(
                {{"id", PublicId(e.external_id, e.id)},
                 {"title", e.title},
                 {"start", Iso(zone, LocalOf(zone, o.start))},
                 {"end", Iso(zone, LocalOf(zone, o.end))},
                 {"place_id", p ? boost::json::value(PublicId(p->external_id, p->id))
                                : boost::json::value(nullptr)},
                 {"place_name", p ? boost::json::value(p->name) : nullptr},
                 {"category", e.category}});
            if (answer.count <= 3) {
                if (!listed.empty()) listed += " ; ";
                // The place, unless the title already names it ("Marché du Centre").
                const bool named = p && (p->name.rfind(e.title, 0) == 0 || p == filter_place);
                listed += e.title + " (" + FrenchWhen(LocalOf(zone, o.start), q.today) +
                          (p && !named ? ", " + p->name : std::string()) + ")";
            }
        }
        if (next_only) break;
    }
    out["events"] = std::move(listed_json);

    // The named place beside the events, with its hours on the moment's day.
    std::string place_text;
    if (at_place != nullptr) {
        place_text = PlaceComplement(context, *at_place, LocalOf(zone, std::max(from, moment.at)),
                                     q.today, out);
    }
    if (answer.count == 0) return answer;
    std::string text;
    const std::string where =
        filter_place != nullptr ? " " + AtPlace(filter_place->name) : std::string();
    if (next_only) {
        text = "Prochain rendez-vous" + where + " : " + listed + ".";
    } else if (answer.count == 1) {
        text = Capitalised(answer.period) + where + ", un événement : " + listed + ".";
    } else {
        text = Capitalised(answer.period) + where + ", " + Plural(answer.count, "événement") +
               (answer.count > 3 ? ", dont : " : " : ") + listed + ".";
        if (answer.count > kMaxEvents)
            text += " Les " + std::to_string(kMaxEvents) + " premiers sont listés ci-dessous.";
    }
    if (!place_text.empty()) text += " " + place_text;
    out["text"] = text;
    return answer;
}

}  // namespace guichet::knowledge
