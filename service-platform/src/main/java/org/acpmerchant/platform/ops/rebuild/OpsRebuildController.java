package org.acpmerchant.platform.ops.rebuild;

import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /ops/projections/{name}/rebuild}: start a rebuild ({@code {"dry_run": false}} switches it in once built; a dry
 * run, the default, waits with its differences), follow it, switch it in or discard it ({@link ProjectionRebuilder}).
 */
@RestController
public class OpsRebuildController {

    private final ProjectionRebuilder rebuilder;

    public OpsRebuildController(ProjectionRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @PostMapping("/ops/projections/{name}/rebuild")
    public ResponseEntity<Map<String, Object>> start(@PathVariable String name,
            @RequestBody(required = false) Map<String, Object> body) {
        Object dryRun = body == null ? null : body.get("dry_run");
        if (dryRun != null && !(dryRun instanceof Boolean)) {
            return ResponseEntity.badRequest().body(error("invalid_dry_run", "dry_run must be true or false."));
        }
        return ResponseEntity.accepted().body(rebuilder.start(name, dryRun == null || (Boolean) dryRun));
    }

    @GetMapping("/ops/projections/{name}/rebuild")
    public ResponseEntity<Map<String, Object>> status(@PathVariable String name) {
        return rebuilder.status(name).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity
                .status(HttpStatus.NOT_FOUND).body(error("not_found", "No rebuild of " + name + " has run here.")));
    }

    @PostMapping("/ops/projections/{name}/rebuild/switch")
    public Map<String, Object> switchIn(@PathVariable String name) {
        return rebuilder.switchIn(name);
    }

    @DeleteMapping("/ops/projections/{name}/rebuild")
    public Map<String, Object> discard(@PathVariable String name) {
        return rebuilder.discard(name);
    }

    @ExceptionHandler(RebuildRefused.class)
    ResponseEntity<Map<String, Object>> refused(RebuildRefused e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(error(e.code(), e.getMessage()));
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<Map<String, Object>> notFound(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("not_found", e.getMessage()));
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("type", "invalid_request", "code", code, "message", message);
    }
}
