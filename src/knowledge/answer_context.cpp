// AnswerService: the tenant context the answers read (answer_context.hpp), its cache, and the
// week of a place. The cache is dropped for a tenant when its places change (PlaceService
// publishes on its ChangeFeed, whoever made the change) and otherwise lives kContextTtl (the
// services and holidays it holds belong to tenancy). Built outside any database lease: it calls
// services that borrow their own.
#include <algorithm>

#include <boost/json.hpp>

#include "calendar/hours_query.hpp"
#include "knowledge/answer_context.hpp"
#include "knowledge/answer_service.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {

using date::local_days;
using date::local_seconds;

AnswerService::AnswerService(const Clock& clock, tenancy::TenancyService& tenancy,
                             PlaceService& places, EventService& events, ArticleService& articles,
                             RequestTypesProvider request_types)
    : clock_(clock),
      tenancy_(tenancy),
      places_(places),
      events_(events),
      articles_(articles),
      request_types_(std::move(request_types)) {
    places_.changes().Listen([this](std::string_view tenant_id, Change) { Invalidate(tenant_id); });
    // The agenda's vocabulary is learnt from the events: a change of events drops it too.
    events_.changes().Listen([this](std::string_view tenant_id, Change) { Invalidate(tenant_id); });
}

AnswerService::~AnswerService() = default;

void AnswerService::Invalidate(std::string_view tenant_id) {
    std::lock_guard lock(mutex_);
    auto it = contexts_.find(tenant_id);
    if (it != contexts_.end()) contexts_.erase(it);
}

Result<std::shared_ptr<const AnswerContext>> AnswerService::ContextFor(std::string_view tenant_id) {
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto it = contexts_.find(tenant_id);
        if (it != contexts_.end() && now - it->second->built < kContextTtl) return it->second;
    }
    auto context = std::make_shared<AnswerContext>();
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
    // The request types come from another module; without them the needs are still answered.
    std::vector<OfferedRequestType> types;
    if (request_types_) {
        auto offered = request_types_(tenant_id);
        if (offered) types = std::move(*offered);
    }
    context->needs = std::make_unique<NeedsIndex>(context->services, std::move(types));
    GUICHET_TRY(events, events_.List(tenant_id));
    context->agenda = AgendaVocabulary(events);
    context->built = now;
    std::lock_guard lock(mutex_);
    contexts_[std::string(tenant_id)] = context;
    return std::shared_ptr<const AnswerContext>(context);
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

}  // namespace guichet::knowledge
