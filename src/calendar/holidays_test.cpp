#include <gtest/gtest.h>

#include "calendar/holidays.hpp"
