#include "http/connection_registry.hpp"

#include <utility>

namespace guichet::http {

ConnectionRegistry::Registration::~Registration() {
    if (handle_) handle_->stop = nullptr;
    registry_->Unregister(id_, address_);
}

ConnectionRegistry::UploadSlot::UploadSlot(UploadSlot&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), address_(std::move(other.address_)) {}

ConnectionRegistry::UploadSlot::~UploadSlot() {
    if (registry_ == nullptr) return;
    std::lock_guard lock(registry_->mutex_);
    --registry_->uploads_total_;
    if (--registry_->uploads_per_address_[address_] <= 0)
        registry_->uploads_per_address_.erase(address_);
}

std::optional<ConnectionRegistry::Registration> ConnectionRegistry::Register(
    boost::asio::any_io_executor executor, const std::string& address) {
    auto handle =
        std::make_shared<ConnectionHandle>(ConnectionHandle{std::move(executor), nullptr});
    std::lock_guard lock(mutex_);
    if (!address.empty()) {
        int& open = connections_per_address_[address];
        if (limits_.connections_per_address > 0 && open >= limits_.connections_per_address) {
            if (open == 0) connections_per_address_.erase(address);
            return std::nullopt;
        }
        ++open;
    }
    uint64_t id = next_id_++;
    connections_.emplace(id, handle);
    return std::optional<Registration>(std::in_place, this, id, address, handle);
}

void ConnectionRegistry::Unregister(uint64_t id, const std::string& address) {
    bool last = false;
    {
        std::lock_guard lock(mutex_);
        if (!connections_.erase(id)) return;
        if (!address.empty() && --connections_per_address_[address] <= 0)
            connections_per_address_.erase(address);
        last = connections_.empty();
    }
    if (last && on_last_closed_) on_last_closed_();
}

Result<ConnectionRegistry::UploadSlot> ConnectionRegistry::TakeUploadSlot(
    const std::string& address) {
    std::lock_guard lock(mutex_);
    if (limits_.uploads_total > 0 && uploads_total_ >= limits_.uploads_total) {
        return Fail(Error{ErrorCode::kUnavailable,
                          "Beaucoup de fichiers sont en cours d'envoi. Merci de réessayer "
                          "dans un instant.",
                          "uploads_total reached", "busy", 10});
    }
    int& mine = uploads_per_address_[address];
    if (limits_.uploads_per_address > 0 && mine >= limits_.uploads_per_address) {
        if (mine == 0) uploads_per_address_.erase(address);
        return Fail(Error{ErrorCode::kResourceExhausted,
                          "Vous envoyez déjà plusieurs fichiers. Merci d'attendre la fin de "
                          "ces envois avant d'en commencer un autre.",
                          "uploads_per_address reached", "too-many-requests", 10});
    }
    ++mine;
    ++uploads_total_;
    return UploadSlot(this, address);
}

std::vector<std::shared_ptr<ConnectionHandle>> ConnectionRegistry::Live() {
    std::vector<std::shared_ptr<ConnectionHandle>> live;
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : connections_)
        if (auto h = weak.lock()) live.push_back(std::move(h));
    return live;
}

}  // namespace guichet::http
