// The answer engine's view of the tenant's public request types (request_types_for_answers.cpp).
#pragma once

#include "knowledge/needs.hpp"
#include "requests/request_service.hpp"

namespace guichet::app {

// Reads `requests` at each call (the answer engine caches the result with its tenant context).
// `requests` must outlive the provider.
knowledge::RequestTypesProvider RequestTypesForAnswers(requests::RequestService& requests);

}  // namespace guichet::app
