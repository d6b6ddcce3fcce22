// vision/model.cpp — load a verified model file into an OpenCV DNN net.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "vision/vision_impl.hpp"

namespace tc {

int Model::load(const char *dir, tc_model_id id,
                const std::vector<std::string> &outputs, std::string &err)
{
    char msg[512];
    uint8_t *buf = nullptr;
    size_t size = 0;
    int rc = tc_model_read(&buf, &size, dir, id, msg, sizeof msg);
    if (rc < 0) {
        err = msg;
        return rc;
    }
    std::unique_ptr<uint8_t, decltype(&std::free)> hold(buf, &std::free);
    tc_tfl_model *m = nullptr;
    rc = tc_tfl_parse(&m, buf, size, msg, sizeof msg);
    if (rc < 0) {
        err = std::string(tc_model_filename(id)) + ": " + msg;
        return rc;
    }
    rc = tflite_build(net_, m, outputs, err);
    tc_tfl_free(m);
    if (rc < 0) {
        err = std::string(tc_model_filename(id)) + ": " + err;
        return rc;
    }
    net_.net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net_.net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return TC_OK;
}

void Model::run(const cv::Mat &blob, std::vector<cv::Mat> &outs)
{
    auto t0 = std::chrono::steady_clock::now();
    net_.net.setInput(blob);
    net_.net.forward(outs, net_.out_layers);
    last_ms_ = std::chrono::duration<double, std::milli>(
                   std::chrono::steady_clock::now() - t0).count();
}

} // namespace tc

extern "C" int tc_vision_model_check(const uint8_t *buf, size_t size,
                                     char *err, size_t errcap)
{
    tc_tfl_model *m = nullptr;
    int rc = tc_tfl_parse(&m, buf, size, err, errcap);
    if (rc < 0)
        return rc;
    std::string why;
    tc::TfliteNet net;
    rc = tc::tflite_build(net, m, {}, why);
    tc_tfl_free(m);
    if (rc < 0 && err && errcap)
        std::snprintf(err, errcap, "%s", why.c_str());
    return rc;
}
