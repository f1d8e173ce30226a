// SPDX-License-Identifier: MIT
#include "ui/stallmeter.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace dt {

StallMeter::StallMeter(int intervalMs, QObject* parent) : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallMeter::tick);
}

double StallMeter::threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

void StallMeter::start() {
    m_gaps.clear();
    m_maxGap = m_maxBusy = m_maxGapAt = m_maxBusyAt = 0;
    m_clock.start();
    m_total.start();
    m_lastWall = 0;
    m_lastCpu = threadCpuMs();
    m_timer.start();
}

void StallMeter::stop() {
    tick();  // the time since the last tick counts too
    m_timer.stop();
}

void StallMeter::tick() {
    const double wall = m_clock.nsecsElapsed() / 1e6;
    const double cpu = threadCpuMs();
    const double gap = wall - m_lastWall;
    const double busy = cpu - m_lastCpu;
    m_lastWall = wall;
    m_lastCpu = cpu;
    m_gaps.push_back(float(gap));
    if (gap > m_maxGap) {
        m_maxGap = gap;
        m_maxGapAt = wall;
    }
    if (busy > m_maxBusy) {
        m_maxBusy = busy;
        m_maxBusyAt = wall;
    }
}

double StallMeter::percentileGapMs(double p) const {
    if (m_gaps.empty()) return 0;
    std::vector<float> sorted = m_gaps;
    std::sort(sorted.begin(), sorted.end());
    const size_t i = std::min(sorted.size() - 1, size_t(std::lround(p / 100.0 * double(sorted.size() - 1))));
    return sorted[i];
}

int StallMeter::gapsOver(double ms) const {
    return int(std::count_if(m_gaps.begin(), m_gaps.end(), [ms](float g) { return g > ms; }));
}

}  // namespace dt
