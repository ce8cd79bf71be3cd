// The fixture of the requests services' tests: a tenant with the default categories (RequestsTest)
// and the helpers most tests use. Each test file derives its own suite from it, so that each
// instantiates only its own tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include <boost/json.hpp>

#include "core/invalid_field.hpp"
#include "requests/requests_test_support.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::requests::testing {

class RequestServiceTest : public RequestsTest {
  protected:
    Category SaveCategory(Category c) {
        auto saved = requests_->catalogue.SaveCategory(tenant_, std::move(c));
        EXPECT_TRUE(saved) << (saved ? "" : saved.error().message);
        return saved ? *saved : Category{};
    }
    Category Complaints() {
        Category c;
        c.name = "Réclamation";
        c.kind = Kind::kComplaint;
        c.workflow = DefaultWorkflow();
        return SaveCategory(c);
    }
    static NewRequest AtCounter(std::string subject) {
        NewRequest in;
        in.channel = Channel::kCounter;
        in.citizen.name = "Paul Martin";
        in.citizen.phone = "06.12.34.56.78";
        in.subject = std::move(subject);
        return in;
    }
    std::size_t Count(const InboxFilter& f) {
        auto page = requests_->queries.List(tenant_, f);
        EXPECT_TRUE(page) << (page ? "" : page.error().message);
        return page ? page->items.size() : 0;
    }
};

}  // namespace guichet::requests::testing
