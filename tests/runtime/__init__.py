"""Tests of the shared service runtime itself: fair shares, deadlines, shutdown, start-up failures."""
