// Letters: the tenant's answer templates (the shipped defaults created on first use), the
// letterhead, the merge values a template is filled with, who signs (the signatory), the
// acknowledgement template of a channel, and the letter to a citizen as PDF. Owns the tables
// request_templates and request_letterheads; reads the tenant and its services from tenancy.
//
// Contract: a replaced template or letterhead must be at version `expected` (If-Match;
// kFailedPrecondition "stale-version"), nullopt checks nothing; an unknown merge field or an
// invalid letterhead is kInvalidArgument in French; a taken template name kAlreadyExists. Each
// method opens its own reads; MergeValuesOf is pure (but for the clock) so that a caller can
// compute values inside its own transaction from a MergeContext read before it.
// Thread-safety: safe from any thread; calls block.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_time.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/request.hpp"
#include "requests/templates.hpp"
#include "requests/types.hpp"
#include "requests/working_calendars.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests {

class Letters {
  public:
    // What MergeValuesOf needs besides the request, read beforehand so that the values can be
    // computed inside a transaction without reading the database again.
    struct MergeContext {
        tenancy::Tenant tenant;
        std::shared_ptr<const calendar::WorkingCalendar> calendar;
    };

    Letters(storage::Database& db, const Clock& clock, tenancy::TenancyService& tenancy,
            WorkingCalendars& calendars);
    Letters(const Letters&) = delete;
    Letters& operator=(const Letters&) = delete;

    // The tenant's templates by name; the shipped defaults (DefaultTemplates) are created on
    // first use.
    Result<std::vector<RequestTemplate>> ListTemplates(std::string_view tenant_id);
    Result<RequestTemplate> GetTemplate(std::string_view tenant_id, std::string_view id);
    // Creates (empty id) or replaces a template after ValidateTemplate (an unknown merge field is
    // kInvalidArgument naming it); a taken name is kAlreadyExists; a replaced one must be at
    // version `expected`.
    Result<RequestTemplate> SaveTemplate(std::string_view tenant_id, RequestTemplate t,
                                         Expected expected = std::nullopt);
    // The sender block of letters; by default the tenant's name without address, and the place
    // taken from the name ("Mairie de Villebelle": "Villebelle").
    Result<Letterhead> GetLetterhead(std::string_view tenant_id);
    // `expected`: the version of the letterhead read (1 for the default one).
    Result<Letterhead> SetLetterhead(std::string_view tenant_id, Letterhead letterhead,
                                     Expected expected = std::nullopt);

    // The merge values for `request` answered by `signatory`; dates in the tenant's zone.
    Result<MergeValues> MergeValuesFor(const Request& request, const Signatory& signatory);
    Result<MergeContext> MergeContextFor(std::string_view tenant_id);
    // The merge values of `request` from a context read before (see MergeValuesFor). Pure but
    // for the clock ("date").
    MergeValues MergeValuesOf(const Request& request, const Signatory& signatory,
                              const MergeContext& context) const;
    // Who signs what `actor` sends about `request` (Marianne: who answers, for which service):
    // the agent's first name (none for an integration or the system), and the request's service
    // — the one that answers, whoever writes — else `fallback_service_id` (the agent's own)
    // when the request has none. The one place signatures are made (answers, letters, renders).
    Result<Signatory> SignatoryFor(const Request& request, const Actor& actor,
                                   const std::optional<std::string>& fallback_service_id);
    // The template the tenant acknowledges requests with on `channel` ("email", "letter"…): its
    // acknowledgement template for that channel, else one for any channel (the shipped « Accusé
    // de réception » first); the shipped one when the tenant has none left.
    Result<RequestTemplate> AcknowledgementTemplate(std::string_view tenant_id,
                                                    std::string_view channel);
    // A letter to the citizen of `request` (letterhead, today's date, name and address, subject,
    // body, signature unless the body already ends with it, then the enclosures by name, "P. J."),
    // as PDF bytes.
    Result<std::string> LetterPdf(const Request& request, std::string_view subject,
                                  std::string_view body, const Signatory& signatory,
                                  const std::vector<std::string>& enclosures = {});

  private:
    storage::Database& db_;
    const Clock& clock_;
    tenancy::TenancyService& tenancy_;
    WorkingCalendars& calendars_;
};

}  // namespace guichet::requests
