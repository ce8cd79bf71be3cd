// ChangeFeed: how the knowledge services say "this tenant's knowledge changed", so that what is
// derived from it (the answer engine's cache of places) follows the change by itself, whoever
// made it: an HTTP handler, an import, the command line or a test. Handlers never invalidate.
//
// Each service that changes articles, places, events or neighbourhoods owns a feed and publishes
// on it once its transaction has committed (never inside it: a listener may read the database,
// and storage/database.hpp forbids a second lease on the same thread). A change that failed
// publishes nothing.
// Thread-safety: Listen and Publish may be called from any thread; listeners run on the
// publishing thread, in the order they were added, must be quick and must not throw. Listeners
// are meant to be added while the application is wired (AnswerService's constructor listens to
// the services it reads) and live as long as the service.
#pragma once

#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

namespace guichet::knowledge {

enum class Change { kArticles, kPlaces, kEvents, kNeighbourhoods };

class ChangeFeed {
  public:
    using Listener = std::function<void(std::string_view tenant_id, Change what)>;

    void Listen(Listener listener);
    void Publish(std::string_view tenant_id, Change what) const;

  private:
    mutable std::mutex mutex_;
    std::vector<Listener> listeners_;
};

}  // namespace guichet::knowledge
