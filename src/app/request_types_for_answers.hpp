// The answer engine's view of the tenant's public request types (request_types_for_answers.cpp).
#pragma once

#include "knowledge/needs.hpp"
#include "requests/catalogue.hpp"

namespace guichet::app {

// Reads `catalogue` at each call (the answer engine caches the result with its tenant context).
// `catalogue` must outlive the provider.
knowledge::RequestTypesProvider RequestTypesForAnswers(requests::Catalogue& catalogue);

}  // namespace guichet::app
