#include <gtest/gtest.h>

#include <thread>

#include "bus/event_bus.hpp"

namespace guichet::bus {
namespace {

TEST(InProcessBus, DeliversToEverySubscriberUntilUnsubscribed) {
    InProcessBus bus;
    std::vector<std::string> a, b;
    auto ida = bus.Subscribe([&](const Event& e) { a.push_back(e.type); });
    bus.Subscribe([&](const Event& e) { b.push_back(e.type); });
    bus.Publish({"1", "t", "x.one", "", "{}"});
    bus.Unsubscribe(ida);
    bus.Publish({"2", "t", "x.two", "", "{}"});
    EXPECT_EQ(a, (std::vector<std::string>{"x.one"}));
    EXPECT_EQ(b, (std::vector<std::string>{"x.one", "x.two"}));
}

TEST(InProcessBus, HandlerMayUnsubscribeItself) {
    InProcessBus bus;
    int calls = 0;
    EventBus::SubscriptionId id = 0;
    id = bus.Subscribe([&](const Event&) {
        ++calls;
        bus.Unsubscribe(id);
    });
    bus.Publish({"1", "t", "x", "", "{}"});
    bus.Publish({"2", "t", "x", "", "{}"});
    EXPECT_EQ(calls, 1);
}

TEST(InProcessBus, ConcurrentPublishersLoseNothing) {
    InProcessBus bus;
    std::atomic<int> seen{0};
    bus.Subscribe([&](const Event&) { ++seen; });
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) bus.Publish({"", "t", "x", "", "{}"});
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(seen.load(), 4000);
}

}  // namespace
}  // namespace guichet::bus
