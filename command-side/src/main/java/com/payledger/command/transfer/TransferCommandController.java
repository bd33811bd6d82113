package com.payledger.command.transfer;

import static com.payledger.command.web.InputRules.currency;
import static com.payledger.command.web.InputRules.id;
import static com.payledger.command.web.InputRules.metadata;
import static com.payledger.command.web.InputRules.required;
import static com.payledger.command.web.InputRules.text;

import com.payledger.command.account.AccountId;
import com.payledger.events.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Posts transfers. The identical retry answers 201 with the original body; reads are served by the query side. */
@Tag(name = "Transfers")
@RestController
// produces: a caller that accepts no JSON is refused (406) before the request is acted on, not after.
@RequestMapping(path = "/api/v1/transfers", produces = MediaType.APPLICATION_JSON_VALUE)
class TransferCommandController {

    private final CommandGateway commands;

    TransferCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @Operation(operationId = "postTransfer",
            summary = "Post a transfer", description = "Debits one account and credits another in one database "
            + "transaction. The id is the idempotency key: the identical request again answers 201 with the original "
            + "body and records nothing; the same id with a different payload is a 409. A rejected transfer does not "
            + "use up its id.", responses = @ApiResponse(responseCode = "201", description = "The posted transfer"))
    @PostMapping
    ResponseEntity<TransferBody> post(@RequestBody PostTransferRequest request) {
        PostTransfer command = new PostTransfer(new TransferId(id(request.id(), "id")),
                new AccountId(id(request.debitAccountId(), "debitAccountId")),
                new AccountId(id(request.creditAccountId(), "creditAccountId")),
                new Money(required(request.amount(), "amount"), currency(request.currency(), "currency")),
                text(request.description(), "description"), metadata(request.metadata(), "metadata"));
        PostedTransfer posted = commands.sendAndWait(command);
        return ResponseEntity.created(URI.create("/api/v1/transfers/" + posted.transferId()))
                .body(TransferBody.of(posted));
    }
}
