// HTTP route of the calendar engine.
//
//   GET /api/v1/hours?value=…&from=…&to=…&at=…&zone=…&department=…&school_zone=…&lat=…&lon=…
//
// Public. The answer of calendar/hours_query.hpp; a value that does not parse is a 400 problem
// document whose `position` (and `value`) say where; other bad parameters are 400 naming them.
#pragma once

#include "calendar/hours_query.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"

namespace guichet::calendar::http {

void RegisterRoutes(guichet::http::Router& router, HoursEvaluator& evaluator, const Clock& clock);

}  // namespace guichet::calendar::http
