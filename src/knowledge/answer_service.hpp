// AnswerService: the virtual receptionist. Reads a French question and answers it from the
// tenant's places (is it open, when), agenda (what is on), articles (how to) and services (who
// handles this, with the public request type that fits), as the JSON object of
// GET /api/v1/answer:
//   {intent, text, confidence, place: {id, name} | null, moment, moment_label, whole_day, open,
//    day_intervals: [[from, to]…], next_change,
//    events: [{id, title, start, end, place_id, place_name, category}…],
//    articles: [{id, title, snippet, score}…], service: {id, name, phone, email} | null,
//    candidates: [{id, name, open, feminine}…], notices: [..], suggestion, offer_request,
//    window: {from, to, label} | null, date_unclear, request_type: {id, name} | null}
// - window: the moment the question is about, half-open; with nothing named, from the asking
//   instant to the next midnight (an agenda question: the weeks searched). Null only when
//   date_unclear: a date or time was named but not understood; then no open state is given and
//   the text asks to say the day another way (never today's hours instead).
// - events (intent "events"): the occurrences overlapping the window, at the named place when
//   one is named (then `place` is it, with its hours of the day in day_intervals), in start
//   order, at most kMaxEvents; the text says how many.
// - a need (intent "orientation"): `service` in charge, `request_type` the public request type
//   that fits (needs.hpp), the place the question mentions only as a complement (its hours of
//   the day, no open state).
// Ids are the imported ids (external ids) when records have them. Times are ISO 8601 local
// times with their offset. The text is one or two polite French sentences.
// What it caches per tenant (places with their parsed hours, services, holidays, the agenda's
// vocabulary, the request types) is dropped when the places or the events change: the
// constructor listens to PlaceService::changes() and EventService::changes(), so every change
// made through them (HTTP, import, command line) is seen by the next answer without any
// handler's help. Articles and events themselves are read afresh for every answer. Services,
// holidays and request types belong to other modules: Invalidate after changing them, or they
// are seen within kContextTtl.
// Lifetime: the listeners it adds name it, so the PlaceService and EventService must stop
// changing before the AnswerService is destroyed (the composition root destroys them together).
// Files: answer_context.hpp lists the parts (context, wording, place hours, agenda, the rest).
// Thread-safety: safe from any worker thread; caches are guarded by a mutex.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/event_service.hpp"
#include "knowledge/needs.hpp"
#include "knowledge/place_service.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

struct AnswerContext;  // answer_context.hpp

struct AnswerRequest {
    std::string question;
    std::optional<TimePoint> at;    // nullopt: now.
    bool include_internal = false;  // Agents also get internal articles.
};

// A place's opening hours over a window, for the portal's place page and the console panel.
struct PlaceWeek {
    std::string state;  // "open", "closed", "unknown" now.
    std::optional<std::string> comment;
    std::vector<std::pair<std::string, std::string>> intervals;  // ISO local times.
    std::optional<std::string> next_change;
};

class AnswerService {
  public:
    // `request_types` gives the tenant's public request types (needs.hpp); empty: none offered.
    AnswerService(const Clock& clock, tenancy::TenancyService& tenancy, PlaceService& places,
                  EventService& events, ArticleService& articles,
                  RequestTypesProvider request_types = {});
    ~AnswerService();

    Result<boost::json::object> Answer(std::string_view tenant_id, const AnswerRequest& request);
    // The state now and the open intervals of `place` from the start of today for `days` days.
    Result<PlaceWeek> Week(std::string_view tenant_id, const Place& place, int days = 7);
    // Forgets what was cached for the tenant (places, services, holidays). Changes of places do
    // it by themselves; call it after changing the tenant's services or holidays. Without it,
    // those changes are seen within kContextTtl anyway.
    void Invalidate(std::string_view tenant_id);

    static constexpr std::chrono::seconds kContextTtl{30};

  private:
    Result<std::shared_ptr<const AnswerContext>> ContextFor(std::string_view tenant_id);

    const Clock& clock_;
    tenancy::TenancyService& tenancy_;
    PlaceService& places_;
    EventService& events_;
    ArticleService& articles_;
    RequestTypesProvider request_types_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const AnswerContext>, std::less<>> contexts_;
};

}  // namespace guichet::knowledge
