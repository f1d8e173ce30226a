// SPDX-License-Identifier: MIT
#pragma once
// Measures how responsive the GUI thread is: a precise QTimer ticks every few milliseconds and
// records the wall-clock gap between ticks (what a user feels) and the GUI thread's own CPU time
// spent between ticks (the work done on it, which preemption on a busy machine does not inflate).
// Used by tst_responsiveness and bench_gui_load.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace dt {

class StallMeter : public QObject {
    Q_OBJECT
public:
    explicit StallMeter(int intervalMs = 5, QObject* parent = nullptr);
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    int ticks() const { return int(m_gaps.size()); }
    double maxGapMs() const { return m_maxGap; }      // longest wall-clock time between two ticks
    double maxBusyMs() const { return m_maxBusy; }    // most GUI-thread CPU time between two ticks
    double maxGapAtMs() const { return m_maxGapAt; }  // when (ms since start()) the worst gap ended
    double maxBusyAtMs() const { return m_maxBusyAt; }
    double percentileGapMs(double p) const;  // p in [0, 100]
    int gapsOver(double ms) const;
    double elapsedMs() const { return m_total.isValid() ? m_total.nsecsElapsed() / 1e6 : 0.0; }
    // Thread CPU time of the calling thread, in ms (CLOCK_THREAD_CPUTIME_ID).
    static double threadCpuMs();

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    QElapsedTimer m_total;
    double m_lastWall = 0, m_lastCpu = 0;
    double m_maxGap = 0, m_maxBusy = 0;
    double m_maxGapAt = 0, m_maxBusyAt = 0;
    std::vector<float> m_gaps;
};

}  // namespace dt
